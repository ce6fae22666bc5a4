/**
 * The round-trip model (issue 11): the event-throughput sides of
 * bench/worker.mjs over TLS, through a relay that adds a network's round trip
 * (bench/lib/latencyRelay.mjs), to Soketi and to the sink:
 *
 *   worker ──TCP──▶ latency relay ──▶ TLS front (counts) ──▶ sink
 *                                                          └─▶ event counter ──▶ Soketi
 *
 * Soketi 1.6 answers every HTTP API request with `Connection: close`, while
 * Pusher's API keeps connections alive; the event counter
 * (bench/lib/eventCounter.mjs) in front of Soketi keeps the client's
 * connection open as Pusher does, and counts the events Soketi accepted, which
 * must be every event each side sent.
 *
 * The certificate is made for the run and trusted by the workers through
 * NODE_EXTRA_CA_CERTS. The TLS front counts, per side, the TCP connections it
 * accepted and the TLS handshakes it completed (full or resumed), so
 * connections and handshakes per request are the server's view. Sides are
 * interleaved as everywhere else: round r runs every side once, in an order
 * rotated by r, for each round trip and each server.
 */
import { runChild } from './lib/child.mjs';
import { startEventCounter } from './lib/eventCounter.mjs';
import { startLatencyRelay } from './lib/latencyRelay.mjs';
import { rotated } from './lib/stats.mjs';
import { makeCertificate } from './lib/tlsCert.mjs';
import { startTlsFront } from './lib/tlsFront.mjs';

export const ROUND_TRIP_SIDES = ['node-trigger', 'node-trigger-single', 'node-batch', 'node-trigger-10', 'sdk-trigger', 'sdk-trigger-10', 'sdk-batch', 'signed'];

/**
 * plan: { rtts: [{ rttMs, n }], rounds, warmup, targets: ['soketi', 'sink'] }
 * servers: { soketi: { port, appId, key, secret }, sink: { … } }
 * sinkState: the sink's counters, to check its request count against the sender's
 */
export async function runRoundTrip({ plan, servers, sinkState, log }) {
	const certificate = makeCertificate();
	const opened = [];
	const runs = [];
	try {
		const counter = plan.targets.includes('soketi') ? await startEventCounter({ port: servers.soketi.port }) : undefined;
		if (counter) opened.push(counter);
		const fronts = {};
		for (const target of plan.targets) {
			const targetPort = target === 'soketi' ? counter.port : servers[target].port;
			fronts[target] = await startTlsFront({ key: certificate.key, cert: certificate.cert, targetPort });
			opened.push(fronts[target]);
		}
		for (const { rttMs, n } of plan.rtts) {
			const relays = {};
			for (const target of plan.targets) {
				relays[target] = await startLatencyRelay({ rttMs, targetPort: fronts[target].port });
				opened.push(relays[target]);
			}
			for (let round = 0; round < plan.rounds; round++) {
				for (const target of rotated(plan.targets, round)) {
					log(`round trip ${rttMs} ms over TLS: ${n} events, ${target}, round ${round + 1} of ${plan.rounds}`);
					for (const side of rotated(ROUND_TRIP_SIDES, round)) {
						const front = fronts[target].snapshot();
						const sinkBefore = sinkState.requests;
						const eventsBefore = counter?.state.events;
						const args = { side, n, warmup: plan.warmup, ...servers[target], port: relays[target].port, tls: true };
						const run = await runChild('worker.mjs', [JSON.stringify(args)], { env: { NODE_EXTRA_CA_CERTS: certificate.certFile } });
						const after = fronts[target].state;
						const total = run.requests + run.warmupRequests;
						if (target === 'sink' && sinkState.requests - sinkBefore !== total) {
							throw new Error(`${side}: the sink saw ${sinkState.requests - sinkBefore} requests over TLS, the sender counted ${total}`);
						}
						if (target === 'soketi' && counter.state.events - eventsBefore !== n + plan.warmup) {
							throw new Error(`${side}: Soketi accepted ${counter.state.events - eventsBefore} events over TLS, ${n} + ${plan.warmup} warm-up were sent`);
						}
						runs.push({
							...run,
							target,
							rttMs,
							round,
							connections: after.connections - front.connections,
							handshakes: after.handshakes - front.handshakes,
							resumed: after.resumed - front.resumed,
						});
					}
				}
			}
		}
	} finally {
		for (const server of opened.reverse()) await server.close();
		certificate.remove();
	}
	return runs;
}
