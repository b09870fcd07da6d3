/**
 * The sync examples (examples/<vendor>-scheduled-sync.json and <vendor>-sync-preview-approve.json),
 * as a user imports them: the HR roster they read is the CSV shipped next to them, each row an
 * item of strings as n8n's Extract From File gives it; their Sync nodes run against the vendor's
 * sandbox with exactly the example's parameters. Each vendor's examples.test.ts calls
 * describeSyncExamples() (the real-n8n suite runs the whole workflows: test/e2e/sync.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { PACKAGE_ROOT } from '../harness/package';
import type { GroupSupport, SyncRun, SyncVendorRow } from './vendors';
import { SYNC_VENDORS } from './vendors';

export interface ExampleNode {
	name: string;
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, unknown>;
	executeOnce?: boolean;
}
export interface ExampleWorkflow {
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

export const loadExample = (file: string) => JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'examples', file), 'utf8')) as ExampleWorkflow;

/** A CSV without quoting (the shipped roster has none: checked), one object of strings a row. */
export function readRosterCsv(file: string): IDataObject[] {
	const text = readFileSync(path.join(PACKAGE_ROOT, 'examples', file), 'utf8');
	if (text.includes('"')) throw new Error(`${file}: quoted cells need a real CSV parser`);
	const [header, ...rows] = text.trim().split(/\r?\n/).map((line) => line.split(','));
	return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

/** The nodes a node's main outputs lead to, per output. */
export const next = (workflow: ExampleWorkflow, name: string) => (workflow.connections[name]?.main ?? []).map((targets) => targets.map((t) => t.node));

/** A vendor user put in the sandbox for a roster row, with a name that differs from the roster when `changed`. */
function seedRow(run: SyncRun, vendor: string, row: IDataObject, changed = false): void {
	const email = String(row.email);
	const last = changed ? 'Changed' : String(row.last_name);
	const full = `${String(row.first_name)} ${last}`;
	if (vendor === 'OpsRamp') run.seed(0, { email, loginName: String(row.username), firstName: row.first_name, lastName: last });
	else if (vendor === 'Domo') run.seed(0, { email, name: full, role: 'Participant', title: row.job_title });
	else if (vendor === 'Luzmo') run.seed(0, { email, name: full, role: 'viewer' });
	else run.seed(0, { email, name: full, role: 'customer_read_only', status: 'active' });
}

function seedOther(run: SyncRun, vendor: string, email: string): void {
	const login = email.split('@')[0].replace(/\W/g, '');
	run.seed(0, vendor === 'OpsRamp' ? { email, loginName: login } : { email, name: login });
}

const domainOf = (email: unknown) => String(email).split('@')[1].toLowerCase();

export function describeSyncExamples(vendorName: string): void {
	const vendor = SYNC_VENDORS.find((row) => row.name === vendorName) as SyncVendorRow;
	const slug = vendorName.toLowerCase();
	const scheduled = loadExample(`${slug}-scheduled-sync.json`);
	const review = loadExample(`${slug}-sync-preview-approve.json`);
	const ours = (workflow: ExampleWorkflow) => workflow.nodes.filter((node) => node.type.startsWith('n8n-nodes-user-provisioning.'));
	const reader = scheduled.nodes.find((node) => node.type === 'n8n-nodes-base.readWriteFile')!;
	const csvFile = path.basename(String(reader.parameters.fileSelector));
	const roster = readRosterCsv(csvFile);
	const [syncNode] = ours(scheduled);
	const options = syncNode.parameters.options as IDataObject;
	const neverTouch = String(options.neverTouch).toLowerCase();
	const rosterEmails = roster.map((row) => String(row.email).toLowerCase()).sort();

	describe(`examples/${slug}-scheduled-sync.json`, () => {
		it('reads the shipped HR CSV, syncs it in Apply with the vendor\'s best removal inside the CSV\'s domain, and counts the actions', () => {
			expect(scheduled.nodes.map((node) => node.type)).toEqual([
				'n8n-nodes-base.scheduleTrigger',
				'n8n-nodes-base.readWriteFile',
				'n8n-nodes-base.extractFromFile',
				syncNode.type,
				'n8n-nodes-base.summarize',
			]);
			for (const [i, node] of scheduled.nodes.slice(0, -1).entries()) expect(next(scheduled, node.name)).toEqual([[scheduled.nodes[i + 1].name]]);
			expect(roster.length).toBeGreaterThanOrEqual(10);
			expect(new Set(roster.map((row) => domainOf(row.email)))).toEqual(new Set([String(options.emailDomains)]));
			expect(syncNode.parameters).toMatchObject({ resource: 'user', operation: 'sync', mode: 'apply', notInRoster: vendor.removal });
			expect(rosterEmails).not.toContain(neverTouch);
		});

		describe('its Sync node against the sandbox', () => {
			let run: SyncRun & { groups?: GroupSupport };
			beforeEach(async () => {
				run = await vendor.start();
			});
			afterEach(async () => await run.stop());
			// Exactly the example's parameters (a vendor with groups: its Group IDs left empty, as in the example).
			const runSync = async (parameters: INodeParameters, items: IDataObject[]) =>
				await run.run({ ...(run.groups ? { groupIds: '' } : {}), ...parameters }, items);
			const inScope = () => run.liveEmails().filter((email) => email.endsWith(`@${String(options.emailDomains)}`) && email !== neverTouch);

			it('converges on the roster (creates, updates, removes the leaver, leaves the admin and other domains), then a second run sends no write', async () => {
				for (const [i, row] of roster.slice(0, 5).entries()) seedRow(run, vendorName, row, i === 1);
				seedOther(run, vendorName, `former.employee@${String(options.emailDomains)}`);
				seedOther(run, vendorName, neverTouch);
				seedOther(run, vendorName, 'contractor@partner.example.net');

				const first = await runSync(syncNode.parameters, roster);
				expect(first.error).toBeUndefined();
				const actions = first.items!.map((item) => item.json.action);
				expect(actions.filter((a) => a === 'created')).toHaveLength(roster.length - 5);
				expect(first.items!.find((item) => item.json.email === roster[1].email)!.json.action).toBe('updated');
				expect(first.items!.find((item) => String(item.json.email).startsWith('former.employee'))!.json.action).toBe(vendor.removal === 'delete' ? 'removed' : 'deactivated');
				expect(inScope()).toEqual(rosterEmails);
				expect(run.liveEmails()).toEqual(expect.arrayContaining([neverTouch, 'contractor@partner.example.net']));
				const writes = run.writes().length;

				const second = await runSync(syncNode.parameters, roster);
				expect(second.error).toBeUndefined();
				expect(new Set(second.items!.map((item) => item.json.action))).toEqual(new Set(['unchanged']));
				expect(run.writes()).toHaveLength(writes);
				expect((run.sandbox as unknown as { duplicates(): unknown[] }).duplicates()).toEqual([]);
			});

			it('a truncated roster trips the guard: the run fails before any write and removes nobody', async () => {
				expect((await runSync(syncNode.parameters, roster)).error).toBeUndefined();
				const writes = run.writes().length;
				const truncated = await runSync(syncNode.parameters, roster.slice(0, 2));
				expect(truncated.error?.message).toMatch(new RegExp(`^Sync stopped before any change: it would remove ${roster.length - 2} of ${roster.length} `));
				expect(run.writes()).toHaveLength(writes);
				expect(inScope()).toEqual(rosterEmails);
			});
		});
	});

	describe(`examples/${slug}-sync-preview-approve.json`, () => {
		const preview = review.nodes.find((node) => node.name === 'Preview Sync')!;
		const apply = review.nodes.find((node) => node.name === 'Apply Sync')!;

		it('previews, asks on a form page, and applies the same sync only when approved', () => {
			expect(review.nodes[0].type).toBe('n8n-nodes-base.formTrigger');
			expect(ours(review).map((node) => node.name)).toEqual(['Preview Sync', 'Apply Sync']);
			expect(preview.parameters.mode).toBe('preview');
			expect({ ...apply.parameters, mode: 'preview' }).toEqual(preview.parameters);
			expect({ ...apply.parameters }).toEqual({ ...syncNode.parameters });
			expect(next(review, 'Preview Sync')).toEqual([['Count Planned Changes']]);
			expect(next(review, 'Count Planned Changes')).toEqual([['Ask for Approval']]);
			const ask = review.nodes.find((node) => node.name === 'Ask for Approval')!;
			expect(ask.parameters.operation).toBe('page');
			expect(String((ask.parameters.options as IDataObject).formDescription)).toContain('$json.summary');
			expect(next(review, 'Approved?')).toEqual([['Read HR Roster Again'], ['Nothing Changed']]);
			expect(next(review, 'Extract Roster Rows Again')).toEqual([['Apply Sync']]);
			for (const name of ['Count Planned Changes', 'Count Applied Changes']) expect(review.nodes.find((node) => node.name === name)!.executeOnce).toBe(true);
		});

		it('its Preview sends no write; its Apply then converges', async () => {
			const run = await vendor.start();
			try {
				const planned = await run.run({ ...(run.groups ? { groupIds: '' } : {}), ...preview.parameters }, roster);
				expect(planned.error).toBeUndefined();
				expect(planned.items!.map((item) => item.json.action)).toEqual(roster.map(() => 'created'));
				expect(run.writes()).toEqual([]);
				const applied = await run.run({ ...(run.groups ? { groupIds: '' } : {}), ...apply.parameters }, roster);
				expect(applied.error).toBeUndefined();
				expect(run.liveEmails()).toEqual(rosterEmails);
			} finally {
				await run.stop();
			}
		});
	});
}
