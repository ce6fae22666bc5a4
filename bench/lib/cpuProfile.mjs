/**
 * Where a V8 CPU profile's time went, in two views:
 * - self time by where the code lives: this package, each npm package
 *   (n8n-workflow, n8n-core, axios, …), Node.js itself, the garbage
 *   collector, V8 (program), idle;
 * - total (inclusive) time of chosen functions: every sample whose stack
 *   holds the function counts for it once.
 */
const PACKAGE = 'n8n-nodes-pusher-channels';

/** Functions whose total time the profiles of Trigger Batch report: the node's per-item reading, n8n's expressions, the node's own work. */
export const SEND_FUNCTIONS = ['readEvent', 'eventData', 'resolveSimpleParameterValue', 'initializeGlobalContext', 'getDataProxy', 'planBatchEvent', 'signedQueryString'];

export function placeOf({ functionName, url }) {
	if (functionName === '(garbage collector)') return 'garbage collector';
	if (functionName === '(idle)') return 'idle';
	if (functionName === '(program)') return 'V8 (program)';
	if (!url) return functionName === '(root)' ? 'root' : 'V8 / native';
	if (url.startsWith('node:')) return 'Node.js';
	const at = url.lastIndexOf('/node_modules/');
	if (at >= 0) {
		const parts = url.slice(at + '/node_modules/'.length).split('/');
		const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
		return name === PACKAGE ? 'this package' : name;
	}
	if (url.includes('/dist/nodes/') || url.includes('/dist/credentials/')) return 'this package';
	if (url.includes('/bench/')) return 'bench harness';
	return 'other';
}

/** { totalUs, samples, byPlace: [[place, µs]…] (largest first), functions: { name: µs }, topSelf: [[label, µs]…] } */
export function summarizeProfile(profile, { functions = [], top = 15 } = {}) {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const { samples, timeDeltas } = profile;
	const selfUs = new Map();
	let totalUs = 0;
	const wanted = new Set(functions);
	const inclusive = Object.fromEntries(functions.map((name) => [name, 0]));
	for (let i = 0; i < samples.length; i++) {
		const us = Math.max(0, timeDeltas[i + 1] ?? 0);
		totalUs += us;
		selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + us);
		if (wanted.size === 0) continue;
		const seen = new Set();
		for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
			const name = byId.get(id).callFrame.functionName;
			if (wanted.has(name) && !seen.has(name)) {
				seen.add(name);
				inclusive[name] += us;
			}
		}
	}
	const places = new Map();
	const labels = new Map();
	for (const [id, us] of selfUs) {
		const frame = byId.get(id).callFrame;
		const place = placeOf(frame);
		places.set(place, (places.get(place) ?? 0) + us);
		const label = `${frame.functionName || '(anonymous)'} (${place})`;
		labels.set(label, (labels.get(label) ?? 0) + us);
	}
	const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
	return { totalUs, samples: samples.length, byPlace: sorted(places), functions: inclusive, topSelf: sorted(labels).slice(0, top) };
}
