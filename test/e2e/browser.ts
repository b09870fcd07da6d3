/**
 * What a user sees in the editor, driven in Debian's Chromium by playwright-core: sign in, open
 * each vendor's Create User node on the canvas, check its documented fields (required ones shown,
 * optional ones under Add Field), and create a credential in the dialog, whose Save runs n8n's
 * own credential test against the sandbox: once with the right secret, once with a wrong one.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { loadPackage } from '../harness/package';
import type { Vendor } from '../sandbox/all';
import { sandboxCredentials, VENDORS } from '../sandbox/all';
import type { Demo } from './bringUp';
import type { PanelReport } from './panels';
import { operationPanelChecks, shown as shownFor } from './panels';
import { OWNER, ROOT } from './stack';

export const SCREENSHOTS = path.join(ROOT, 'screenshots');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Credential fields a user types, per vendor, and the one that holds the secret. */
const SECRET_FIELD: Record<Vendor, string> = { luzmo: 'apiToken', domo: 'clientSecret', opsramp: 'clientSecret', garmat: 'apiKey' };

/**
 * What n8n's credential test shows for a wrong secret. For a plain test request n8n shows the
 * HTTP reason; where the secret is exchanged for a token first, the exchange's error.
 */
const WRONG_SECRET_SHOWN: Record<Vendor, RegExp> = {
	luzmo: /^(Unauthorized|Invalid API key or token\.)$/,
	domo: /Unauthorized|Bad client credentials/,
	opsramp: /Unauthorized|Bad client credentials/,
	garmat: /^(Unauthorized|Invalid API key)$/,
};

export interface BrowserReport {
	screenshots: string[];
	/** The reason the credential dialog gave for a wrong secret, per vendor. */
	failures: Partial<Record<Vendor, string>>;
	/** Every other operation's panel, opened. */
	panels?: PanelReport;
}

async function signIn(page: Page, url: string) {
	await page.goto(`${url}/signin`);
	await page.fill('input[name="emailOrLdapLoginId"]', OWNER.email);
	await page.fill('input[name="password"]', OWNER.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL(/\/(home|workflows)/, { timeout: 30_000 });
}

async function shot(page: Page, name: string, report: BrowserReport) {
	const file = path.join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path: file });
	report.screenshots.push(path.basename(file));
}

async function fillCredential(page: Page, data: Record<string, string>, properties: INodeProperties[]) {
	for (const property of properties) {
		const value = data[property.name];
		if (value === undefined || property.type === 'hidden') continue;
		const field = page.locator(`[data-test-id="credential-edit-dialog"] [data-test-id="parameter-input-${property.name}"]`);
		if (!(await field.isVisible())) continue;
		if (property.type === 'options') {
			const option = property.options!.find((o) => 'value' in o && o.value === value) as { name: string } | undefined;
			if (!option || value === property.default) continue;
			await field.click();
			await page.locator('.el-select-dropdown__item:visible, [role="option"]:visible').filter({ hasText: option.name }).first().click();
		} else {
			await field.locator('input').first().fill(value);
		}
	}
}

/**
 * Saves the dialog, which makes the editor ask n8n to test the credential (POST
 * /rest/credentials/test, n8n's own tester on the server). Returns 'success', or the reason
 * the dialog shows once its failure banner is up.
 */
async function saveAndReadTest(page: Page): Promise<'success' | string> {
	const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test') && r.request().method() === 'POST', { timeout: 30_000 }),
		page.click('[data-test-id="credential-save-button"]'),
	]);
	const result = ((await response.json()) as { data: { status: string; message: string } }).data;
	if (result.status === 'OK') return 'success';
	const banner = page.getByText(/Couldn.t connect with these settings/);
	await banner.waitFor({ timeout: 15_000 });
	// The vendor's reason sits behind "More details".
	const details = dialog.getByText('More details');
	if (await details.isVisible()) await details.click();
	await page.getByText(result.message, { exact: true }).first().waitFor({ timeout: 5_000 });
	return result.message;
}

export async function browserChecks(demo: Demo): Promise<BrowserReport> {
	mkdirSync(SCREENSHOTS, { recursive: true });
	const pkg = await loadPackage();
	const report: BrowserReport = { screenshots: [], failures: {} };
	let browser: Browser | undefined;
	try {
		browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		await signIn(page, demo.n8n.url);
		await shot(page, 'signed-in', report);

		for (const vendor of VENDORS) {
			const workflow = demo.workflows.find((w) => w.vendor === vendor && w.kind === 'batch')!;
			const node = workflow.json.nodes.find((n: { type: string }) => n.type.startsWith('n8n-nodes-user-provisioning.'));
			const description = (pkg.nodeTypes.getByNameAndVersion(node.type, 1) as unknown as { description: INodeTypeDescription }).description;
			// The Create User panel: the node shows other operations' fields only for them.
			const visible = (p: INodeProperties) => shownFor(p, { resource: 'user', operation: 'create' });
			const required = description.properties.filter((p) => p.required && visible(p)).map((p) => p.name);
			const optional = ((description.properties.find((p) => p.name === 'additionalFields')?.options ?? []) as INodeProperties[]).map((p) => p.displayName);

			await page.goto(`${demo.n8n.url}/workflow/${workflow.id}`);
			await page.dblclick(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`);
			for (const name of required) {
				await page.locator(`[data-test-id="parameter-input-${name}"]`).first().waitFor({ state: 'visible', timeout: 15_000 });
			}
			// Optional fields: those the example already set are shown; the rest are under Add Field.
			const alreadySet = Object.keys(node.parameters.additionalFields ?? {}).map(
				(key) => ((description.properties.find((p) => p.name === 'additionalFields')!.options as INodeProperties[]).find((o) => o.name === key)!).displayName,
			);
			await page.getByPlaceholder('Add Field').first().click();
			// The dropdown renders after the click: read it once its first option is there (a read
			// straight after the click once found it still empty).
			if (optional.length > alreadySet.length) {
				await page.locator('[data-test-id="collection-parameter-option"]:visible').first().waitFor({ state: 'visible', timeout: 10_000 });
			}
			const offered = await page.locator('[data-test-id="collection-parameter-option"]:visible').allInnerTexts();
			const shown = [...offered.map((t) => t.trim()), ...alreadySet].sort();
			if (JSON.stringify(shown) !== JSON.stringify([...optional].sort())) {
				throw new Error(`${vendor}: Add Field offers ${JSON.stringify(offered)}, with ${JSON.stringify(alreadySet)} set; expected ${JSON.stringify(optional)}`);
			}
			await page.waitForTimeout(400); // let the dropdown finish opening
			await shot(page, `${vendor}-create-user-add-field`, report);
			await page.keyboard.press('Escape');

			// A new credential through the node's credential dialog; Save runs n8n's credential test.
			const credentialType = description.credentials![0].name;
			const properties = pkg.credentialType(credentialType).properties;
			const seed = sandboxCredentials(demo.sandboxes).find((c) => c.vendor === vendor)!;
			const data: Record<string, string> = { ...seed.data, ...(vendor === 'garmat' ? { authentication: 'apiKey' } : {}) };
			await page.click('[data-test-id="node-credentials-select"]');
			await page.click('[data-test-id="node-credentials-select-item-new"]');
			await page.locator('[data-test-id="credential-edit-dialog"]').waitFor();
			// First with a wrong secret: n8n's test fails and says why, in the vendor's words.
			const secret = data[SECRET_FIELD[vendor]];
			await fillCredential(page, { ...data, [SECRET_FIELD[vendor]]: `${secret}-wrong` }, properties);
			const bad = await saveAndReadTest(page);
			await shot(page, `${vendor}-credential-test-failure`, report);
			if (bad === 'success') throw new Error(`${vendor}: the credential test passed with a wrong secret`);
			report.failures[vendor] = bad;
			if (!WRONG_SECRET_SHOWN[vendor].test(bad)) throw new Error(`${vendor}: the failure does not say why: ${bad}`);
			if (bad.includes(`${secret}-wrong`)) throw new Error(`${vendor}: the failure shows the secret`);

			// Then the right one: the test passes.
			await fillCredential(page, { [SECRET_FIELD[vendor]]: secret }, properties);
			const good = await saveAndReadTest(page);
			await shot(page, `${vendor}-credential-test-success`, report);
			if (good !== 'success') throw new Error(`${vendor}: the credential test failed with the right secret: ${good}`);
			const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
			if (await dialog.isVisible()) {
				await page.locator('[data-test-id="credentials-config-container-test-success"]').first().waitFor({ timeout: 10_000 });
				await page.keyboard.press('Escape');
			}
			await page.keyboard.press('Escape');
		}
		report.panels = await operationPanelChecks(demo, page, async (name) => {
			await shot(page, name, report);
			return `${name}.png`;
		});
		return report;
	} finally {
		await browser?.close();
	}
}
