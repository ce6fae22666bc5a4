/**
 * Steps in n8n 2.41's editor, by the `data-test-id`s n8n's own Playwright
 * tests use: open a workflow or a node, search the nodes panel, read an
 * options list.
 */
import type { Locator, Page } from 'playwright-core';

import { VIEWPORT } from './browser';

export const canvasNode = (page: Page, name: string): Locator =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/** Closes what n8n pops up uninvited: the Production Checklist of a published workflow, toasts. */
export async function dismissOverlays(page: Page): Promise<void> {
	const checklist = page.locator('[data-test-id="suggested-actions-close"]');
	if (await checklist.isVisible().catch(() => false)) await checklist.click().catch(() => {});
	for (const close of await page.locator('.el-notification .el-notification__closeBtn').all()) {
		await close.click().catch(() => {});
	}
	await page.mouse.move(0, VIEWPORT.height - 1); // no hover effects
}

/** Opens a workflow in the editor and waits for its canvas. */
export async function openWorkflow(page: Page, baseUrl: string, workflowId: string, someNode: string, { published = false } = {}): Promise<void> {
	await page.setViewportSize(VIEWPORT);
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	await canvasNode(page, someNode).waitFor();
	if (published) await page.waitForTimeout(1500); // the Production Checklist pops up a moment later
	await dismissOverlays(page);
}

/** Opens a node's details view (NDV) from the canvas. */
export async function openNode(page: Page, name: string): Promise<Locator> {
	await canvasNode(page, name).dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor();
	await page.locator('[data-test-id="node-parameters"]').waitFor();
	return ndv;
}

/** Closes the NDV with its close button. */
export async function closeNode(page: Page): Promise<void> {
	await page.locator('[data-test-id="ndv-close-button"]').click();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
}

/** The nodes panel searched for `text`: each entry's title and description, as shown. */
export async function searchNodesPanel(page: Page, text: string): Promise<Array<{ title: string; description: string }>> {
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	await page.locator('[data-test-id="node-creator-search-bar"]').fill(text);
	const items = page.locator('[data-test-id="node-creator"] [data-test-id="item-iterator-item"]');
	await items.first().waitFor();
	await page.waitForTimeout(500); // the list settles after the search
	return (await items.allInnerTexts()).map((entry) => {
		const [title, ...rest] = entry.split('\n').map((line) => line.trim()).filter(Boolean);
		return { title, description: rest.join(' ') };
	});
}

/** Opens the options list of a parameter (in the NDV or the credential form): its items. */
async function openOptions(page: Page, parameter: string): Promise<Locator> {
	const input = page.locator(`[data-test-id="parameter-input-${parameter}"] input`).first();
	await input.click();
	const list = await input.getAttribute('aria-controls');
	const items = page.locator(`[id="${list}"] .el-select-dropdown__item`);
	await items.first().waitFor();
	return items;
}

/** The labels of a parameter's options, in order (each option's first line: its name). */
export async function optionLabels(page: Page, parameter: string): Promise<string[]> {
	const items = await openOptions(page, parameter);
	const labels = (await items.allInnerTexts()).map((label) => label.split('\n')[0].trim());
	await page.keyboard.press('Escape');
	await items.first().waitFor({ state: 'hidden' });
	return labels;
}

/** Chooses the option of a parameter whose name is exactly `label`. n8n saves the workflow on its own. */
export async function choose(page: Page, parameter: string, label: string): Promise<void> {
	const items = await openOptions(page, parameter);
	await items.filter({ has: page.getByText(label, { exact: true }) }).first().click();
	await items.first().waitFor({ state: 'hidden' });
}
