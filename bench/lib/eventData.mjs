/**
 * The data of event `i`: ~200 bytes of JSON text, different for each event.
 * Every side of every comparison sends these same events; the real-n8n
 * benchmark puts this function's source into its generator Code node.
 */
export function eventData(i) {
	const head = JSON.stringify({ id: i, at: '2026-01-01T00:00:00.000Z', text: '' });
	return JSON.stringify({ id: i, at: '2026-01-01T00:00:00.000Z', text: 'x'.repeat(Math.max(0, 200 - head.length)) });
}
