/**
 * Every operation's panel as a user opens it in the editor (Chromium): for each vendor node and
 * each resource/operation it offers besides Create User (which browser.ts checks in depth), a
 * workflow with the node set to that operation is saved, the node is opened, the fields n8n
 * should show for it are there, and each dropdown fed by the tenant (loadOptions, e.g. groups)
 * opens with the sandbox's entries in it. Sync's Mode and Users Not in Roster open with their choices.
 */
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import type { Page } from 'playwright-core';

import { loadPackage } from '../harness/package';
import type { Vendor } from '../sandbox/all';
import { VENDORS } from '../sandbox/all';
import type { Demo } from './bringUp';

export interface PanelReport {
	/** "<vendor> <resource>/<operation>", for every panel opened. */
	opened: string[];
	/** "<vendor> <resource>/<operation> <field>: <n> options", for every tenant-fed dropdown. */
	dropdowns: string[];
	screenshots: string[];
}

type Values = Record<string, unknown>;

/** Whether n8n shows a property, given the values of the parameters its displayOptions name. */
export function shown(property: INodeProperties, values: Values): boolean {
	const show = property.displayOptions?.show ?? {};
	const hide = property.displayOptions?.hide ?? {};
	const matches = (wanted: unknown, key: string) => Array.isArray(wanted) && wanted.includes(values[key]);
	return Object.entries(show).every(([key, wanted]) => matches(wanted, key)) && !Object.entries(hide).some(([key, wanted]) => matches(wanted, key));
}

/** The operations a node offers, per resource, from its description. */
export function operationsOf(description: INodeTypeDescription): Array<{ resource: string; operation: string; name: string }> {
	const resources = (description.properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[];
	return resources.flatMap((resource) => {
		const operationProperty = description.properties.find((p) => p.name === 'operation' && shown(p, { resource: resource.value }));
		return ((operationProperty?.options ?? []) as INodePropertyOptions[]).map((operation) => ({
			resource: String(resource.value),
			operation: String(operation.value),
			name: `${resource.name}: ${operation.name}`,
		}));
	});
}

/** Top-level parameter values as the panel starts: the operation chosen, every other at its default. */
function startingValues(description: INodeTypeDescription, resource: string, operation: string): Values {
	const values: Values = { resource, operation };
	for (const property of description.properties) if (!(property.name in values) && shown(property, values)) values[property.name] = property.default;
	return values;
}

export async function operationPanelChecks(demo: Demo, page: Page, shot: (name: string) => Promise<string>): Promise<PanelReport> {
	const pkg = await loadPackage();
	const report: PanelReport = { opened: [], dropdowns: [], screenshots: [] };
	for (const vendor of VENDORS as Vendor[]) {
		const batch = demo.workflows.find((w) => w.vendor === vendor && w.kind === 'batch')!;
		const template = batch.json.nodes.find((n: { type: string }) => n.type.startsWith('n8n-nodes-user-provisioning.'));
		const description = (pkg.nodeTypes.getByNameAndVersion(template.type, 1) as unknown as { description: INodeTypeDescription }).description;
		for (const { resource, operation, name } of operationsOf(description)) {
			if (resource === 'user' && operation === 'create') continue;
			const values = startingValues(description, resource, operation);
			// What a user set once for the node stays set when they switch operation (OpsRamp's Tenant
			// ID, which its dropdowns need): carry over the example's values the new panel shows too.
			const carried: Values = {};
			for (const property of description.properties) {
				const value = template.parameters[property.name];
				if (value === undefined || ['resource', 'operation'].includes(property.name) || property.type === 'collection') continue;
				if (shown(property, values) && typeof value === 'string' && !value.startsWith('=')) carried[property.name] = value;
			}
			Object.assign(values, carried);
			const nodeName = `${description.displayName} ${name}`;
			const saved = await demo.client.request('POST', '/rest/workflows', {
				name: `Panel check: ${nodeName} ${Date.now()}`,
				nodes: [
					{ id: 'a1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{ id: 'a2', name: nodeName, type: template.type, typeVersion: 1, position: [300, 0], parameters: { resource, operation, ...carried }, credentials: template.credentials },
				],
				connections: { Start: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
				settings: {},
				active: false,
			});
			if (saved.status !== 200) throw new Error(`${vendor} ${name}: saving the workflow: ${saved.status} ${JSON.stringify(saved.body)}`);
			await page.goto(`${demo.n8n.url}/workflow/${saved.body.data.id}`);
			await page.dblclick(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
			const visible = description.properties.filter((p) => shown(p, values) && !['resource', 'operation'].includes(p.name) && !['hidden', 'notice'].includes(p.type));
			for (const property of visible) {
				// A collection shows as its "Add ..." picker (the placeholder); every other field as its input.
				// (a picker with that placeholder, or a plain button with that text when it offers one field).
				const picker = String(property.placeholder ?? property.displayName);
				const locator = ['collection', 'fixedCollection'].includes(property.type)
					? page.getByPlaceholder(picker, { exact: true }).or(page.getByRole('button', { name: picker, exact: true }))
					: page.locator(`[data-test-id="parameter-input-${property.name}"]`);
				await locator.first().waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {
					throw new Error(`${vendor} ${name}: the panel does not show "${property.displayName}" (${property.name})`);
				});
			}
			for (const property of visible.filter((p) => p.typeOptions?.loadOptionsMethod)) {
				const options = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
				// A click while the panel is still settling (OpsRamp's Tenant ID re-triggers the load)
				// can leave the dropdown closed: open it again, three times at most.
				let loaded = false;
				for (let attempt = 0; attempt < 3 && !loaded; attempt++) {
					if (attempt > 0) await page.keyboard.press('Escape');
					await page.locator(`[data-test-id="parameter-input-${property.name}"]`).first().click();
					loaded = await options.first().waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
				}
				if (!loaded) {
					await shot(`${vendor}-${resource}-${operation}-dropdown-empty`);
					throw new Error(`${vendor} ${name}: the "${property.displayName}" dropdown loaded no options from the sandbox`);
				}
				report.dropdowns.push(`${vendor} ${resource}/${operation} ${property.name}: ${await options.count()} options`);
				await page.keyboard.press('Escape');
			}
			// Sync's own dropdowns (Mode, Users Not in Roster) open with the choices the node defines.
			for (const property of visible.filter((p) => operation === 'sync' && ['mode', 'notInRoster'].includes(p.name))) {
				await page.locator(`[data-test-id="parameter-input-${property.name}"]`).first().click();
				const options = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
				await options.first().waitFor({ state: 'visible', timeout: 10_000 });
				const names = (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
				const wanted = ((property.options ?? []) as INodePropertyOptions[]).map((option) => option.name);
				if (names.join('|') !== wanted.join('|')) throw new Error(`${vendor} ${name}: "${property.displayName}" offers ${names.join(', ')}, not ${wanted.join(', ')}`);
				report.dropdowns.push(`${vendor} ${resource}/${operation} ${property.name}: ${names.join(', ')}`);
				await page.keyboard.press('Escape');
				// Closed before the next one opens, so its choices are not read with the next one's.
				await options.first().waitFor({ state: 'hidden', timeout: 10_000 });
			}
			report.screenshots.push(await shot(`${vendor}-${resource}-${operation}`));
			report.opened.push(`${vendor} ${resource}/${operation}`);
			await page.keyboard.press('Escape');
		}
	}
	return report;
}
