/**
 * Runs tasks with at most `concurrency` in flight, starting them in order.
 * Once `stopped()` is true no further task starts; those already running
 * finish (see sendLedger.ts for what that means for the items they carry).
 */
export async function runPool(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<void>,
	stopped: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (!stopped() && next < count) await task(next++);
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}
