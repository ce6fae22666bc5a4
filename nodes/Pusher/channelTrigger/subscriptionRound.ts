import { PusherConnectionError } from './clientOptions';

/**
 * The server's answers to one connection's subscriptions: each channel ends
 * subscribed or refused, or is still waiting. The connection counts as up
 * once every channel has its answer and at least one is subscribed; a
 * connection on which every channel was refused listens to nothing.
 */
export class SubscriptionRound {
	private readonly waiting: Set<string>;
	private readonly subscribed = new Set<string>();
	/** Channel -> the server's reason. */
	private readonly refusals = new Map<string, string>();

	constructor(readonly channels: string[]) {
		this.waiting = new Set(channels);
	}

	/** True while `channel` has had no answer on this connection. */
	isWaiting(channel: string): boolean {
		return this.waiting.has(channel);
	}

	get complete(): boolean {
		return this.waiting.size === 0;
	}

	get subscribedCount(): number {
		return this.subscribed.size;
	}

	subscribe(channel: string): void {
		if (this.waiting.delete(channel)) this.subscribed.add(channel);
	}

	refuse(channel: string, reason: string): void {
		if (this.waiting.delete(channel)) this.refusals.set(channel, reason);
	}

	/** The refusals of a complete round, when at least one channel is subscribed. */
	get refused(): Array<{ channel: string; error: PusherConnectionError }> {
		return [...this.refusals].map(([channel, reason]) => ({ channel, error: refusal(channel, reason) }));
	}

	/** For a complete round in which no channel could be subscribed: why. */
	nothingSubscribed(): PusherConnectionError | undefined {
		if (!this.complete || this.subscribed.size > 0) return undefined;
		const refusals = [...this.refusals];
		if (refusals.length === 1) return refusal(...refusals[0]);
		const reasons = refusals.map(([channel, reason]) => `"${channel}": ${reason}`);
		return new PusherConnectionError(`The server refused every subscription (${reasons.join('; ')})`);
	}

	/** The channels still waiting after `timeoutMs`, named. */
	timedOut(timeoutMs: number): PusherConnectionError {
		const names = [...this.waiting].map((channel) => `"${channel}"`).join(', ');
		return new PusherConnectionError(`No answer to the subscription to ${names} within ${timeoutMs} ms`);
	}
}

function refusal(channel: string, reason: string): PusherConnectionError {
	return new PusherConnectionError(`The server refused the subscription to "${channel}": ${reason}`);
}
