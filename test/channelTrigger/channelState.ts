/**
 * What the server knows about a channel, through the official SDK's REST
 * calls: how many connections are subscribed and, for presence channels,
 * which users are in it. Used to wait until the trigger has (re)subscribed.
 */
import type Pusher from 'pusher';

export async function subscriptionCount(sdk: Pusher, channel: string): Promise<number> {
	const response = await sdk.get({ path: `/channels/${channel}`, params: { info: 'subscription_count' } });
	const body = (await response.json()) as { occupied?: boolean; subscription_count?: number };
	return body.subscription_count ?? (body.occupied ? 1 : 0);
}

export async function presenceUserIds(sdk: Pusher, channel: string): Promise<string[]> {
	const response = await sdk.get({ path: `/channels/${channel}/users` });
	const body = (await response.json()) as { users?: Array<{ id: string }> };
	return (body.users ?? []).map((user) => String(user.id)).sort();
}

/** Polls until `channel` has exactly `count` subscriptions. */
export async function waitForSubscriptions(sdk: Pusher, channel: string, count: number, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	for (;;) {
		try {
			last = await subscriptionCount(sdk, channel);
		} catch {
			last = -1; // the server is restarting
		}
		if (last === count) return;
		if (Date.now() > deadline) throw new Error(`${channel}: ${last} subscription(s) after ${timeoutMs} ms, expected ${count}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
