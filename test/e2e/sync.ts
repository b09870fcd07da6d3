/**
 * The sync examples in the real n8n. examples/<vendor>-scheduled-sync.json reads the HR roster CSV
 * with n8n's own Read Files from Disk (from `.n8n-files/`, the folder n8n 2.x allows, where
 * bringUp put the CSV as a user would) and Extract From File, then syncs it:
 * - the first run converges: the vendor's users in the example's scope (its email domain, less
 *   Never Touch) are the roster's people; a leaver is removed, the admin and other domains stay;
 * - the second run sends no write;
 * - a copy reading a truncated roster (two rows) trips the removal guard and removes nobody.
 * examples/<vendor>-sync-preview-approve.json is filled in at its form URL: the approval page shows
 * the planned counts; cancelling changes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Vendor } from '../sandbox/all';
import { readRosterCsv } from '../sync/examples';
import type { Demo, ImportedWorkflow } from './bringUp';
import { answerFormPage, openForm } from './formClient';
import type { ExecutionResult } from './n8nClientRuns';
import { runWorkflow, waitForExecution } from './n8nClientRuns';
import { changes } from './offboarding';

const lower = (value: unknown) => String(value).toLowerCase();

/** Emails (lower-case, sorted) of the vendor's accounts that still have access. */
export function liveEmails(demo: Demo, vendor: Vendor): string[] {
	const { luzmo, domo, opsramp, garmat } = demo.sandboxes;
	const emails =
		vendor === 'luzmo'
			? luzmo.records.filter((r) => !r.deleted && r.organizationId === luzmo.organizationId).map((r) => r.user.email)
			: vendor === 'domo'
				? domo.users.filter((u) => !u.deleted).map((u) => u.email)
				: vendor === 'opsramp'
					? opsramp.users.filter((u) => u.orgId === 'client_16' && u.status !== 'inactive').map((u) => u.email)
					: garmat.users.filter((u) => u.status !== 'deactivated').map((u) => u.email);
	return emails.map(lower).sort();
}

/** A user in the vendor's sandbox with this email (a roster row's, with another last name when `changed`). */
function seed(demo: Demo, vendor: Vendor, row: Record<string, unknown>, changed = false): void {
	const email = String(row.email);
	const first = String(row.first_name ?? email.split('@')[0]);
	const last = changed ? 'Changed' : String(row.last_name ?? 'Person');
	const name = `${first} ${last}`;
	if (liveEmails(demo, vendor).includes(lower(email))) return;
	if (vendor === 'luzmo') demo.sandboxes.luzmo.seedUser({ email, name, role: 'viewer' });
	else if (vendor === 'domo') demo.sandboxes.domo.seedUser({ email, name, role: 'Participant', title: String(row.job_title ?? '') });
	else if (vendor === 'opsramp') demo.sandboxes.opsramp.seedUser('client_16', { email, loginName: String(row.username ?? first.replace(/\W/g, '')), firstName: first, lastName: last });
	else demo.sandboxes.garmat.seedUser({ email, name, role: 'customer_read_only', status: 'active' });
}

export interface SyncReport {
	roster: string[];
	/** In-scope accounts (the example's domain, less Never Touch) after each run. */
	inScopeAfterFirst: string[];
	first: ExecutionResult;
	second: ExecutionResult;
	syncNode: string;
	/** The action a removal shows as: removed or deactivated. */
	removal: string;
	leaverGone: boolean;
	untouchedStillLive: boolean;
	/** Requests that could change anything, sent by the second run. */
	writesSecond: number;
	truncated: { run: ExecutionResult; writes: number; inScopeAfter: string[] };
}

function exampleOf(demo: Demo, vendor: Vendor, kind: ImportedWorkflow['kind']): ImportedWorkflow {
	const workflow = demo.workflows.find((w) => w.vendor === vendor && w.kind === kind);
	if (!workflow) throw new Error(`${vendor}: no ${kind} example`);
	return workflow;
}

export async function syncTwiceAndTruncated(demo: Demo, vendor: Vendor): Promise<SyncReport> {
	const workflow = exampleOf(demo, vendor, 'sync');
	const reader = workflow.json.nodes.find((n: { type: string }) => n.type === 'n8n-nodes-base.readWriteFile');
	const syncNode = workflow.json.nodes.find((n: { type: string }) => n.type.startsWith('n8n-nodes-user-provisioning.'));
	const { emailDomains, neverTouch } = syncNode.parameters.options as { emailDomains: string; neverTouch: string };
	const rows = readRosterCsv(path.basename(reader.parameters.fileSelector));
	const roster = rows.map((row) => lower(row.email)).sort();
	const inScope = () => liveEmails(demo, vendor).filter((email) => email.endsWith(`@${emailDomains}`) && email !== lower(neverTouch));

	// Before: five of the roster's people (one with another last name), a leaver in the domain,
	// the admin (Never Touch) and someone in another domain.
	rows.slice(0, 5).forEach((row, i) => seed(demo, vendor, row, i === 1));
	const leaver = `former.employee@${emailDomains}`;
	const outside = `contractor.${vendor}@partner.example.net`;
	for (const email of [leaver, neverTouch, outside]) seed(demo, vendor, { email });

	const removal = syncNode.parameters.notInRoster === 'delete' ? 'removed' : 'deactivated';
	const first = await runWorkflow(demo.client, workflow.id, workflow.json.nodes[0].name);
	const inScopeAfterFirst = inScope();
	const afterFirst = changes(demo, vendor).length;
	const second = await runWorkflow(demo.client, workflow.id, workflow.json.nodes[0].name);
	const writesSecond = changes(demo, vendor).length - afterFirst;
	const live = liveEmails(demo, vendor);

	// The same workflow reading a roster cut to two rows, as a broken export would be.
	const truncatedFile = `hr-roster-truncated-${vendor}.csv`;
	const csv = readFileSync(path.join(demo.filesFolder, path.basename(reader.parameters.fileSelector)), 'utf8').trim().split('\n');
	writeFileSync(path.join(demo.filesFolder, truncatedFile), `${csv.slice(0, 3).join('\n')}\n`);
	const copy = structuredClone(workflow.json);
	copy.name = `${workflow.json.name} (truncated roster ${Date.now()})`;
	copy.nodes.find((n: { name: string }) => n.name === reader.name).parameters.fileSelector = `.n8n-files/${truncatedFile}`;
	const saved = await demo.client.request('POST', '/rest/workflows', copy);
	if (saved.status !== 200) throw new Error(`${vendor}: saving the truncated copy: ${saved.status} ${JSON.stringify(saved.body)}`);
	const beforeTruncated = changes(demo, vendor).length;
	const truncatedRun = await runWorkflow(demo.client, saved.body.data.id, copy.nodes[0].name);

	return {
		roster,
		inScopeAfterFirst,
		first,
		second,
		syncNode: syncNode.name,
		removal,
		leaverGone: !live.includes(lower(leaver)),
		untouchedStillLive: live.includes(lower(neverTouch)) && live.includes(lower(outside)),
		writesSecond,
		truncated: { run: truncatedRun, writes: changes(demo, vendor).length - beforeTruncated, inScopeAfter: inScope() },
	};
}

export interface ReviewRun {
	approvalTitle: string;
	approvalText: string;
	end: { title: string; message: string };
	execution: ExecutionResult;
	/** Requests that could change anything, sent meanwhile. */
	writes: number;
}

export interface ReviewReport {
	roster: string[];
	/** The action a removal shows as: removed or deactivated. */
	removal: string;
	cancelled: ReviewRun;
	approved: ReviewRun;
	inScopeAfter: string[];
}

/**
 * After the scheduled sync: a new leaver appears in the domain; the review form is filled in twice,
 * answered Cancel, then Apply these changes.
 */
export async function reviewSync(demo: Demo, vendor: Vendor): Promise<ReviewReport> {
	const workflow = exampleOf(demo, vendor, 'syncReview');
	const trigger = workflow.json.nodes[0];
	const reader = workflow.json.nodes.find((n: { type: string }) => n.type === 'n8n-nodes-base.readWriteFile');
	const apply = workflow.json.nodes.find((n: { name: string }) => n.name === 'Apply Sync');
	const { emailDomains, neverTouch } = apply.parameters.options as { emailDomains: string; neverTouch: string };
	const roster = readRosterCsv(path.basename(reader.parameters.fileSelector)).map((row) => lower(row.email)).sort();
	const labels = trigger.parameters.formFields.values.map((f: { fieldLabel: string }) => f.fieldLabel) as string[];
	seed(demo, vendor, { email: `second.leaver@${emailDomains}` });

	const once = async (decision: string): Promise<ReviewRun> => {
		const before = changes(demo, vendor).length;
		const approval = await openForm(`${demo.n8n.url}/form/${trigger.parameters.options.path}`, labels, { 'Your Name': 'Reviewer' });
		const end = await answerFormPage(approval, [decision]);
		const execution = await waitForExecution(demo.client, approval.executionId);
		return { approvalTitle: approval.title, approvalText: approval.text, end, execution, writes: changes(demo, vendor).length - before };
	};
	const cancelled = await once('Cancel');
	const approved = await once('Apply these changes');
	return {
		roster,
		removal: apply.parameters.notInRoster === 'delete' ? 'removed' : 'deactivated',
		cancelled,
		approved,
		inScopeAfter: liveEmails(demo, vendor).filter((email) => email.endsWith(`@${emailDomains}`) && email !== lower(neverTouch)),
	};
}
