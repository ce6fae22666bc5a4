/**
 * A DevTools-protocol session with another Node process's inspector (one
 * started with --inspect=127.0.0.1:<port>), enough to take a CPU profile of a
 * window of its life: `await session.profile(async () => { …work… })`.
 */
export async function connectInspector(port) {
	const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
	const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
	await new Promise((resolve, reject) => {
		socket.onopen = resolve;
		socket.onerror = () => reject(new Error(`cannot reach the inspector on port ${port}`));
	});
	let lastId = 0;
	const pending = new Map();
	socket.onmessage = ({ data }) => {
		const message = JSON.parse(data);
		const waiter = pending.get(message.id);
		if (!waiter) return;
		pending.delete(message.id);
		if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
		else waiter.resolve(message.result);
	};
	const send = (method, params = {}) =>
		new Promise((resolve, reject) => {
			const id = ++lastId;
			pending.set(id, { resolve, reject, method });
			socket.send(JSON.stringify({ id, method, params }));
		});
	return {
		send,
		/** Runs `work` with the profiler on (sampling every `intervalUs`); resolves with { profile, result }. */
		async profile(work, intervalUs = 200) {
			await send('Profiler.enable');
			await send('Profiler.setSamplingInterval', { interval: intervalUs });
			await send('Profiler.start');
			let result;
			try {
				result = await work();
			} finally {
				var { profile } = await send('Profiler.stop');
			}
			return { profile, result };
		},
		close: () => socket.close(),
	};
}
