'use strict';
/**
 * The screenshots scripts/screenshots.cjs takes, one function each, given
 * `ctx` = { page, n8n, out(name), credentialId, orderWorkflowId,
 * webhookWorkflowId, scratch, debug, log }. Each starts from a fresh page
 * load, so they are independent of each other. Selectors are n8n 2.41's
 * `data-test-id`s (the ones n8n's own Playwright tests use).
 */
const path = require('node:path');

const VIEWPORT = { width: 1280, height: 800 };

/** With SCREENSHOTS_DEBUG, a full-viewport PNG of the current state into the scratch folder. */
async function debugStep(ctx, name) {
	if (ctx.debug) await ctx.page.screenshot({ path: path.join(ctx.scratch, `step-${name}.png`) });
}

/** Closes what n8n pops up uninvited: the Production Checklist of a published workflow, toasts. */
async function dismissOverlays(page) {
	const checklist = page.locator('[data-test-id="suggested-actions-close"]');
	if (await checklist.isVisible().catch(() => false)) await checklist.click().catch(() => {});
	for (const close of await page.locator('.el-notification .el-notification__closeBtn').all()) {
		await close.click().catch(() => {});
	}
	await page.mouse.move(0, VIEWPORT.height - 1); // no hover effects
}

/** Opens a workflow in the editor and waits for its canvas. */
async function openWorkflow(ctx, workflowId, someNode) {
	const { page, n8n } = ctx;
	await page.setViewportSize(VIEWPORT);
	await page.goto(`${n8n.baseUrl}/workflow/${workflowId}`);
	await canvasNode(page, someNode).waitFor();
	await page.waitForTimeout(1500); // the checklist pops up a moment later
	await dismissOverlays(page);
}

const canvasNode = (page, name) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/** Opens a node's details view (NDV) from the canvas. */
async function openNode(page, name) {
	await canvasNode(page, name).dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor();
	await page.locator('[data-test-id="node-parameters"]').waitFor();
	return ndv;
}

/** Screenshot of `locator`'s box (plus `margin` px), within the viewport. */
async function shoot(ctx, name, locator, { margin = 0 } = {}) {
	const { page } = ctx;
	await page.waitForTimeout(400); // animations
	await dismissOverlays(page);
	const box = await locator.boundingBox();
	if (!box) throw new Error(`${name}: the element to crop to is not visible`);
	const viewport = page.viewportSize();
	const x = Math.max(0, Math.floor(box.x - margin));
	const y = Math.max(0, Math.floor(box.y - margin));
	const clip = {
		x,
		y,
		width: Math.min(viewport.width, Math.ceil(box.x + box.width + margin)) - x,
		height: Math.min(viewport.height, Math.ceil(box.y + box.height + margin)) - y,
	};
	await page.screenshot({ path: ctx.out(name), clip, animations: 'disabled', caret: 'hide' });
}

module.exports = {
	/** The credential's edit modal: Self-Hosted Server pointing at Soketi, connection tested. */
	async credential(ctx) {
		const { page, n8n } = ctx;
		// Tall enough for the modal's full height (750 px; the form scrolls inside it).
		await page.setViewportSize({ width: VIEWPORT.width, height: 920 });
		await page.goto(`${n8n.baseUrl}/home/credentials/${ctx.credentialId}`);
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await modal.getByText('Connection tested successfully').waitFor({ timeout: 30_000 });
		await debugStep(ctx, 'credential');
		await shoot(ctx, 'credential', modal);
	},

	/** The Pusher node, Event → Trigger, with the Operation list open. */
	async 'pusher-node'(ctx) {
		const { page } = ctx;
		await openWorkflow(ctx, ctx.orderWorkflowId, 'Push to dashboard');
		const ndv = await openNode(page, 'Push to dashboard');
		await page.locator('[data-test-id="parameter-input-operation"]').click();
		await page.getByRole('option', { name: /Trigger Batch/ }).first().waitFor();
		await debugStep(ctx, 'pusher-node');
		await shoot(ctx, 'pusher-node', ndv);
	},

	/** The Pusher Trigger of the published example, Webhook URLs expanded on the production URL. */
	async 'pusher-trigger'(ctx) {
		const { page } = ctx;
		await openWorkflow(ctx, ctx.webhookWorkflowId, 'Pusher webhook');
		const ndv = await openNode(page, 'Pusher webhook');
		await ndv.getByText('Webhook URLs', { exact: true }).click();
		const production = ndv.getByText('Production URL', { exact: true });
		await production.waitFor();
		await production.click();
		await ndv.getByText(`${ctx.publicUrl}webhook/`).first().waitFor();
		await debugStep(ctx, 'pusher-trigger');
		await shoot(ctx, 'pusher-trigger', ndv);
	},

	/** A manual run: the Pusher node's input, parameters and output (the event Soketi accepted). */
	async execution(ctx) {
		const { page } = ctx;
		await openWorkflow(ctx, ctx.orderWorkflowId, 'Push to dashboard');
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await page.getByText('Workflow executed successfully').first().waitFor({ timeout: 60_000 });
		await debugStep(ctx, 'execution-canvas');
		await dismissOverlays(page);
		const ndv = await openNode(page, 'Push to dashboard');
		await ndv.getByText('1 item').first().waitFor();
		await debugStep(ctx, 'execution');
		await shoot(ctx, 'execution', ndv);
	},
};
