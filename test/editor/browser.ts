/**
 * Debian's Chromium, driven with playwright-core (a devDependency; no browser
 * is downloaded). The e2e global setup installs it when it is missing
 * (scripts/browser/install.sh); CHROMIUM=/path/to/chrome uses another one.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };

export interface Browser {
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

/** A headless Chromium with one page, logged in to n8n with the owner's session cookie. */
export async function openBrowser(n8n: { baseUrl: string; cookie: string }): Promise<Browser> {
	if (process.env.PUSHER_E2E_CHROMIUM_ERROR) throw new Error(process.env.PUSHER_E2E_CHROMIUM_ERROR);
	if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run bash scripts/browser/install.sh, or set CHROMIUM`);
	const profile = mkdtempSync(path.join(tmpdir(), 'pusher-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		locale: 'en-US',
		timezoneId: 'UTC',
		colorScheme: 'light',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-quic',
			'--no-first-run',
		],
	});
	const [name, value] = n8n.cookie.split(';')[0].split(/=(.*)/s);
	const { hostname } = new URL(n8n.baseUrl);
	await context.addCookies([{ name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		async close() {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
