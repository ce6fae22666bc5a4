/**
 * "Today's numbers" for the targets of issue 11 that are relative to the
 * code before the change ("≥ 5× today's Trigger events/s"): `--save-baseline`
 * writes them to bench/baseline.json (committed), and every report compares
 * its run with that file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from './helpers.mjs';
import { summary } from './stats.mjs';

const FILE = path.join(ROOT, 'bench/baseline.json');
const eventsPerSecond = (run) => (run.n / run.elapsedMs) * 1000;

export function saveBaseline(results) {
	const roundTrip = {};
	for (const run of results.roundTrip?.runs ?? []) {
		if (run.side !== 'node-trigger') continue;
		(roundTrip[`${run.target}/${run.rttMs}`] ??= []).push(eventsPerSecond(run));
	}
	const baseline = {
		date: results.env.date,
		commit: results.env.commit,
		note: 'Medians of the run named here; the Pusher node\'s Event → Trigger, over TLS through the latency relay, in events/s.',
		roundTripTriggerEventsPerSecond: Object.fromEntries(Object.entries(roundTrip).map(([key, values]) => [key, summary(values).median])),
	};
	writeFileSync(FILE, `${JSON.stringify(baseline, null, 1)}\n`);
	return FILE;
}

export function loadBaseline() {
	return existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : undefined;
}
