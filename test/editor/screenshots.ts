/**
 * The README's screenshots of the real editor (docs/images/*.png), taken in
 * the editor test's run when PUSHER_SCREENSHOTS=1 (npm run screenshots), so
 * a plain `npm test` leaves the work tree as it was. Each starts from a fresh
 * page load, so they are independent of each other and of the assertions.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { VIEWPORT } from './browser';
import { dismissOverlays, openNode, openWorkflow } from './editorPage';

export const SCREENSHOTS_WANTED = process.env.PUSHER_SCREENSHOTS === '1';
const OUT_DIR = path.resolve(__dirname, '../../docs/images');

export interface ShotContext {
	page: Page;
	baseUrl: string;
	publicUrl: string;
	credentialId: string;
	orderWorkflowId: string;
	webhookWorkflowId: string;
	beamsWorkflowId: string;
	mcpWorkflowId: string;
}

/** Screenshot of `locator`'s box (plus `margin` px), within the viewport, into docs/images/<name>.png. */
async function shoot(page: Page, name: string, locator: Locator, { margin = 0 } = {}): Promise<string> {
	await page.waitForTimeout(400); // animations
	await dismissOverlays(page);
	const box = await locator.boundingBox();
	if (!box) throw new Error(`${name}: the element to crop to is not visible`);
	const viewport = page.viewportSize() ?? VIEWPORT;
	const x = Math.max(0, Math.floor(box.x - margin));
	const y = Math.max(0, Math.floor(box.y - margin));
	const clip = {
		x,
		y,
		width: Math.min(viewport.width, Math.ceil(box.x + box.width + margin)) - x,
		height: Math.min(viewport.height, Math.ceil(box.y + box.height + margin)) - y,
	};
	mkdirSync(OUT_DIR, { recursive: true });
	const file = path.join(OUT_DIR, `${name}.png`);
	await page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
	return file;
}

export const SHOTS: Record<string, (ctx: ShotContext) => Promise<string>> = {
	/** The credential's edit modal: Self-Hosted Server pointing at Soketi, connection tested. */
	async credential({ page, baseUrl, credentialId }) {
		// Tall enough for the modal's full height (750 px; the form scrolls inside it).
		await page.setViewportSize({ width: VIEWPORT.width, height: 920 });
		await page.goto(`${baseUrl}/home/credentials/${credentialId}`);
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await modal.getByText('Connection tested successfully').waitFor({ timeout: 30_000 });
		return await shoot(page, 'credential', modal);
	},

	/** The Pusher node, Event → Send, with the Operation list open. */
	async 'pusher-node'({ page, baseUrl, orderWorkflowId }) {
		await openWorkflow(page, baseUrl, orderWorkflowId, 'Push to dashboard');
		const ndv = await openNode(page, 'Push to dashboard');
		await page.locator('[data-test-id="parameter-input-operation"]').click();
		await page.getByRole('option', { name: /Send in Batches/ }).first().waitFor();
		return await shoot(page, 'pusher-node', ndv);
	},

	/** The Pusher Trigger of the published example, Webhook URLs expanded on the production URL. */
	async 'pusher-trigger'({ page, baseUrl, publicUrl, webhookWorkflowId }) {
		await openWorkflow(page, baseUrl, webhookWorkflowId, 'Pusher webhook', { published: true });
		const ndv = await openNode(page, 'Pusher webhook');
		await ndv.getByText('Webhook URLs', { exact: true }).click();
		const production = ndv.getByText('Production URL', { exact: true });
		await production.waitFor();
		await production.click();
		await ndv.getByText(`${publicUrl}webhook/`).first().waitFor();
		return await shoot(page, 'pusher-trigger', ndv);
	},

	/** The Pusher Beams node of examples/beams-order-notification.json: Publish to Users, Simple content. */
	async 'beams-node'({ page, baseUrl, beamsWorkflowId }) {
		const name = "Notify the customer's devices";
		await openWorkflow(page, baseUrl, beamsWorkflowId, name);
		const ndv = await openNode(page, name);
		await page.locator('[data-test-id="parameter-input-operation"]').waitFor();
		return await shoot(page, 'beams-node', ndv);
	},

	/** examples/mcp-agent-progress.json on the canvas: an MCP Server Trigger with three Pusher Tools. */
	async 'mcp-workflow'({ page, baseUrl, mcpWorkflowId }) {
		await openWorkflow(page, baseUrl, mcpWorkflowId, 'Broadcast progress');
		await page.keyboard.press('Shift+1'); // zoom to fit
		return await shoot(page, 'mcp-workflow', page.locator('[data-test-id="canvas-wrapper"], #canvas, main').first());
	},

	/** A manual run: the Pusher node's input, parameters and output (the event Soketi accepted). */
	async execution({ page, baseUrl, orderWorkflowId }) {
		await openWorkflow(page, baseUrl, orderWorkflowId, 'Push to dashboard');
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await page.getByText('Workflow executed successfully').first().waitFor({ timeout: 60_000 });
		await dismissOverlays(page);
		const ndv = await openNode(page, 'Push to dashboard');
		await ndv.getByText('1 item').first().waitFor();
		return await shoot(page, 'execution', ndv);
	},
};
