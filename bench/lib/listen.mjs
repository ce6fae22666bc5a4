/**
 * Starts one of the benchmark's loopback servers (relay, TLS front, event
 * counter) on a free port. Resolves with { port, state, snapshot(), close() }:
 * `state` is the server's live counters, `snapshot()` a copy of them to
 * subtract later, and `close()` drops its connections (`dropConnections`)
 * and stops it.
 */
export function listenOnLoopback(server, state, dropConnections) {
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () =>
			resolve({
				port: server.address().port,
				state,
				snapshot: () => ({ ...state }),
				close: () =>
					new Promise((done) => {
						dropConnections();
						server.close(() => done());
					}),
			}),
		);
	});
}
