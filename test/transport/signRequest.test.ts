import { signRequest } from '../../nodes/Pusher/transport/signRequest';
import { soketiCredentialData, startSoketi, type Soketi } from '../helpers/soketi';

let soketi: Soketi;
beforeAll(async () => {
	soketi = await startSoketi();
});
afterAll(async () => {
	await soketi?.stop();
});

const fields = () => soketiCredentialData(soketi);

/** Sends what signRequest produced with plain fetch, so only the signature decides. */
async function send(request: Awaited<ReturnType<typeof signRequest>>) {
	const response = await fetch(`${request.baseURL}${request.url}`, {
		method: request.method,
		body: request.body as string | undefined,
		headers: request.headers as Record<string, string>,
	});
	return (await response.json()) as Record<string, unknown>;
}

describe('signRequest', () => {
	it('points a path relative to the app at the app, and Soketi accepts the signature', async () => {
		const signed = await signRequest(fields(), { method: 'POST', url: '/events', body: { name: 'e', channels: ['c'], data: 'x' } });
		expect(signed.baseURL).toBe(`http://127.0.0.1:${soketi.port}`);
		expect(signed.url).toMatch(/^\/apps\/app-id\/events\?auth_key=app-key&/);
		expect(await send(signed)).toEqual({ ok: true });
	});

	it('signs a full URL as it is, query string included (n8n\'s generic Custom API Call)', async () => {
		const signed = await signRequest(fields(), {
			method: 'GET',
			url: `http://127.0.0.1:${soketi.port}/apps/${soketi.appId}/channels?filter_by_prefix=presence-`,
		});
		expect(signed.url).toMatch(/^\/apps\/app-id\/channels\?.*filter_by_prefix=presence-/);
		expect(await send(signed)).toEqual({ channels: {} });
	});

	it('is refused by Soketi when one byte of the body changes after signing', async () => {
		const signed = await signRequest(fields(), { method: 'POST', url: '/events', body: { name: 'e', channels: ['c'], data: 'x' } });
		const tampered = { ...signed, body: (signed.body as string).replace('"x"', '"y"') };
		expect(await send(tampered)).toMatchObject({ code: 401 });
	});
});
