/**
 * The credential test as n8n's editor runs it (POST /rest/credentials/test),
 * in a real n8n with this package installed, against a real Soketi: a good
 * credential passes, and each way of getting it wrong gets a message that
 * says what to fix, without the secret in it.
 */
import { CREDENTIAL_NAME, ENCRYPTION_MASTER_KEY, soketiCredentialData, startStack, type Stack } from './harness';

let stack: Stack;
/** n8n tests data given for a saved credential the user may read. */
let credentialId: string;
beforeAll(async () => {
	stack = await startStack({ workflows: [] });
	credentialId = stack.n8n.credentials.find((credential) => credential.name === CREDENTIAL_NAME)!.id;
});
afterAll(async () => {
	await stack?.stop();
});

async function testCredential(data: Record<string, unknown>): Promise<{ status: string; message: string }> {
	const { n8n, soketi } = stack;
	const response = await fetch(`${n8n.baseUrl}/rest/credentials/test`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: n8n.cookie },
		body: JSON.stringify({
			credentials: {
				id: credentialId,
				name: 'Pusher under test',
				type: 'pusherApi',
				data: { ...soketiCredentialData(soketi, ENCRYPTION_MASTER_KEY), ...data },
			},
		}),
	});
	if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
	return ((await response.json()) as { data: { status: string; message: string } }).data;
}

it('passes with the right app, key and secret', async () => {
	expect(await testCredential({})).toMatchObject({ status: 'OK' });
});

it('says to check the key and secret when the signature is refused, and does not show the secret', async () => {
	const result = await testCredential({ secret: 'not-the-secret-42' });
	expect(result).toMatchObject({ status: 'Error' });
	expect(result.message).toMatch(/check the Key and Secret/);
	expect(result.message).not.toContain('not-the-secret-42');
});

it('says to check the app id when the server has no such app', async () => {
	const result = await testCredential({ appId: 'no-such-app' });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/App ID/);
});

it('says the host cannot be reached when nothing listens there', async () => {
	const result = await testCredential({ port: 1 });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/ECONNREFUSED|connect/i);
});

it('refuses a master key that is not 32 bytes', async () => {
	const result = await testCredential({ encryptionMasterKeySecret: Buffer.alloc(31).toString('base64') });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/encryption master key must be base64 of exactly 32 bytes/);
});
