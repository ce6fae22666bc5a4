/**
 * What became of each input item of a run that sends requests, and the one
 * rule for stopping such a run:
 * - With Continue On Fail, every item is tried; each ends sent or failed.
 * - Without it, the first failure stops the run: no further item starts. Items
 *   whose requests are already in flight (Parallel Requests above 1) cannot be
 *   called back, so they finish, and may be sent or fail too. The error then
 *   says exactly which items were sent, which failed as well and which were not
 *   sent, so nothing is half-sent silently.
 * A request may carry several items (a batch) and an item several requests:
 * outcomes are recorded per item, whatever carried them. An item some of
 * whose requests went out before the run stopped is reported as partly sent.
 */
export class SendLedger {
	private readonly sentItems = new Set<number>();
	private readonly partlyItems = new Set<number>();
	private readonly failures = new Map<number, Error>();
	private reported = false;

	/** `items`: the input items that have something to send, in order. */
	constructor(
		private readonly items: number[],
		private readonly continueOnFail: boolean,
	) {}

	/** True once nothing more may start. */
	get stopped(): boolean {
		return !this.continueOnFail && this.failures.size > 0;
	}

	sent(itemIndexes: number[]): void {
		for (const itemIndex of itemIndexes) {
			this.sentItems.add(itemIndex);
			this.partlyItems.delete(itemIndex);
		}
	}

	/** Some of these items' requests went out; the rest are still to come. */
	partlySent(itemIndexes: number[]): void {
		for (const itemIndex of itemIndexes) if (!this.sentItems.has(itemIndex)) this.partlyItems.add(itemIndex);
	}

	failed(itemIndexes: number[], error: Error): void {
		for (const itemIndex of itemIndexes) this.failures.set(itemIndex, error);
	}

	/**
	 * Without Continue On Fail, the error to stop the node with: the failure of
	 * the first failed item, its message completed with what happened to the
	 * others. Undefined when nothing failed (or Continue On Fail is on).
	 */
	failure(): { itemIndex: number; error: Error } | undefined {
		if (this.continueOnFail || this.failures.size === 0) return undefined;
		const itemIndex = Math.min(...this.failures.keys());
		const error = this.failures.get(itemIndex)!;
		if (this.reported) return { itemIndex, error };
		this.reported = true;
		const failedToo = [...this.failures].filter(([, e]) => e !== error).map(([i]) => i);
		const partly = [...this.partlyItems].filter((i) => !this.failures.has(i));
		const notSent = this.items.filter((i) => !this.sentItems.has(i) && !this.failures.has(i) && !this.partlyItems.has(i));
		if (this.items.every((i) => this.failures.get(i) === error)) return { itemIndex, error };
		const parts = [
			this.sentItems.size > 0 ? were([...this.sentItems], 'sent') : 'no other item was sent',
			...(failedToo.length > 0 ? [`${itemList(failedToo)} failed as well`] : []),
			...(partly.length > 0 ? [were(partly, 'partly sent')] : []),
			...(notSent.length > 0 ? [were(notSent, 'not sent')] : []),
		];
		error.message += ` (${parts.join('; ')})`;
		return { itemIndex, error };
	}
}

/** "item 4", "items 0-3, 5 and 6". */
function itemList(itemIndexes: number[]): string {
	const sorted = [...itemIndexes].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let start = 0; start < sorted.length; ) {
		let end = start;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
		if (end - start >= 2) parts.push(`${sorted[start]}-${sorted[end]}`);
		else parts.push(...sorted.slice(start, end + 1).map(String));
		start = end + 1;
	}
	const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
	return `${sorted.length === 1 ? 'item' : 'items'} ${list}`;
}

function were(itemIndexes: number[], what: string): string {
	return `${itemList(itemIndexes)} ${itemIndexes.length === 1 ? 'was' : 'were'} ${what}`;
}
