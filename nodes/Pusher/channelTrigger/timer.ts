/**
 * One-shot timers built on an injected `sleep(ms, signal)` (n8n-workflow's,
 * which n8n's community-node rules ask for instead of setTimeout): `cancel()`
 * aborts the sleep, so a cancelled timer leaves nothing pending behind it.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface Timer {
	cancel(): void;
}

export function startTimer(sleep: Sleep, ms: number, onFire: () => void): Timer {
	const controller = new AbortController();
	let settled = false;
	sleep(Math.max(0, Math.round(ms)), controller.signal).then(
		() => {
			if (settled || controller.signal.aborted) return;
			settled = true;
			onFire();
		},
		() => {
			// The sleep rejects only when cancel() aborted it: nothing is due.
			settled = true;
		},
	);
	return {
		cancel() {
			if (settled) return;
			settled = true;
			controller.abort();
		},
	};
}
