/** The tables of a summarized CPU profile (bench/lib/cpuProfile.mjs), per event: by place, chosen functions, largest self times. */
import { table } from './reportShared.mjs';

export function profileTables(p) {
	const perEvent = (us) => (us / p.n).toFixed(1);
	const busy = p.byPlace.filter(([place]) => place !== 'idle' && place !== 'root').reduce((sum, [, us]) => sum + us, 0);
	return [
		...table(['Where', 'µs per event', 'share of busy time'], (i) => i > 0, p.byPlace.slice(0, 14).map(([place, us]) => [place, perEvent(us), place === 'idle' ? '–' : `${((100 * us) / busy).toFixed(0)}%`])),
		'',
		'Total time of some functions (every sample whose stack holds the function; synchronous work only: what runs after an `await` is no longer under its caller), µs per event:',
		'',
		...table(['Function', 'µs per event'], (i) => i > 0, Object.entries(p.functions).map(([name, us]) => [`\`${name}\``, perEvent(us)])),
		'',
		'Largest self times, µs per event:',
		'',
		...table(['Function (where)', 'µs per event'], (i) => i > 0, p.topSelf.slice(0, 15).map(([label, us]) => [label, perEvent(us)])),
		'',
	];
}
