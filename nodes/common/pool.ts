/**
 * Runs tasks with at most `concurrency` in flight, starting them in order.
 * Once `stop()` has been called no further task starts; those already
 * running finish.
 */
export async function runPool(count: number, concurrency: number, task: (index: number, stop: () => void) => Promise<void>): Promise<void> {
	let next = 0;
	let stopped = false;
	const stop = () => {
		stopped = true;
	};
	const worker = async () => {
		while (!stopped && next < count) await task(next++, stop);
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}
