/**
 * The offboarding examples in the real n8n: each vendor's leavers are seeded in its sandbox, the
 * example runs as a user runs it (its form submitted at the real URL, or its schedule's trigger
 * run from the editor), every leaver is removed (deleted, terminated or deactivated) once, and a
 * second run finds them gone and succeeds without changing anything. A leaver nobody has (a typo)
 * is caught: the form's page says nobody was removed, a scheduled list sets them apart.
 */
import type { Vendor } from '../sandbox/all';
import type { SandboxRequest } from '../sandbox/toolkit';
import type { Demo, ImportedWorkflow } from './bringUp';
import type { EndPage } from './formClient';
import { submitForm } from './formClient';
import type { ExecutionResult } from './n8nClientRuns';
import { runWorkflow, waitForExecution } from './n8nClientRuns';

const sameEmail = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** The ID of a live user with this email (e.g. one an onboarding example created), if any. */
function existing(demo: Demo, vendor: Vendor, email: string): string | undefined {
	const { luzmo, domo, opsramp, garmat } = demo.sandboxes;
	const found =
		vendor === 'luzmo'
			? luzmo.records.find((r) => sameEmail(r.user.email, email) && luzmo.liveUser(r.user.id))?.user
			: vendor === 'domo'
				? domo.users.find((u) => sameEmail(u.email, email) && !u.deleted)
				: vendor === 'opsramp'
					? opsramp.users.find((u) => sameEmail(u.email, email))
					: garmat.users.find((u) => sameEmail(u.email, email) && u.status !== 'deactivated');
	return found ? String(found.id) : undefined;
}

/** The leaver in the vendor's sandbox (created unless an earlier test made them); returns the ID. */
function seed(demo: Demo, vendor: Vendor, email: string): string {
	const name = email.split('@')[0];
	const id = existing(demo, vendor, email);
	if (id) return id;
	switch (vendor) {
		case 'luzmo':
			return String(demo.sandboxes.luzmo.seedUser({ email, name }).id);
		case 'domo':
			return String(demo.sandboxes.domo.seedUser({ email, name, role: 'Participant' }).id);
		case 'opsramp':
			return String(demo.sandboxes.opsramp.seedUser('client_16', { email, loginName: name.replace(/\W/g, '') }).id);
		case 'garmat':
			return String(demo.sandboxes.garmat.seedUser({ email, name, role: 'customer_read_only', status: 'active' }).id);
	}
}

/** Whether the vendor still treats the user as having access. */
function stillActive(demo: Demo, vendor: Vendor, id: string): boolean {
	switch (vendor) {
		case 'luzmo':
			return demo.sandboxes.luzmo.liveUser(id) !== undefined;
		case 'domo': {
			const user = demo.sandboxes.domo.user(id);
			return user !== undefined && user.deleted !== true;
		}
		case 'opsramp':
			return demo.sandboxes.opsramp.user(id) !== undefined;
		case 'garmat':
			return demo.sandboxes.garmat.user(id)?.status !== 'deactivated';
	}
}

/** The requests that remove or deactivate a user. */
function removals(demo: Demo, vendor: Vendor): SandboxRequest[] {
	const requests = demo.sandboxes[vendor].requests;
	switch (vendor) {
		case 'luzmo':
			return requests.filter((r) => r.path === '/0.1.0/user' && r.body?.action === 'delete');
		case 'domo':
			return requests.filter((r) => r.method === 'DELETE' && /^\/v1\/users\/[^/]+$/.test(r.path));
		case 'opsramp':
			return requests.filter((r) => r.method === 'POST' && /\/users\/[^/]+\/TERMINATE$/.test(r.path));
		case 'garmat':
			return requests.filter((r) => r.method === 'PUT' && /^\/api\/users\/[^/]+$/.test(r.path));
	}
}

/** Every request that could change something (all but reads and token exchanges). */
export function changes(demo: Demo, vendor: Vendor): SandboxRequest[] {
	const requests = demo.sandboxes[vendor].requests;
	if (vendor === 'luzmo') return requests.filter((r) => r.body?.action !== 'get');
	return requests.filter((r) => r.method !== 'GET' && !/token|authenticate/.test(r.path));
}

/** The leavers' emails: the example's list, or one person typed into its form. */
function leaversOf(workflow: ImportedWorkflow, vendor: Vendor): string[] {
	const list = workflow.json.nodes.find((n: { type: string }) => n.type === 'n8n-nodes-base.set');
	if (list) return (Object.values(JSON.parse(list.parameters.jsonOutput))[0] as Array<{ email: string }>).map((l) => l.email);
	return [`leaver.${vendor}.${Date.now()}@example.com`];
}

/** Runs the example once: its schedule's trigger from the editor, or its form filled in and followed to the page it ends on. */
async function runOnce(demo: Demo, workflow: ImportedWorkflow, emails: string[]): Promise<ExecutionResult & { page?: EndPage }> {
	const trigger = workflow.json.nodes[0];
	if (trigger.type !== 'n8n-nodes-base.formTrigger') return await runWorkflow(demo.client, workflow.id, trigger.name);
	const labels = trigger.parameters.formFields.values.map((field: { fieldLabel: string }) => field.fieldLabel) as string[];
	const page = await submitForm(`${demo.n8n.url}/form/${trigger.parameters.path ?? trigger.webhookId}`, labels, { [labels[0]]: emails[0] });
	return { ...(await waitForExecution(demo.client, page.executionId)), page };
}

export interface OffboardingReport {
	first: Array<Record<string, unknown>>;
	second: Array<Record<string, unknown>>;
	ids: string[];
	stillActive: boolean[];
	/** Remove or deactivate requests the first run sent. */
	removedFirst: number;
	/** Requests that could change anything, sent by the second run. */
	changesSecond: number;
	/** A form's pages: after the first run, and after an email nobody has (a typo). */
	pages?: { first: EndPage; typo: EndPage };
	/** A scheduled list's leavers set apart to be checked (nobody has their email), per run. */
	setApart?: { first: number; second: number };
}

export async function offboard(demo: Demo, vendor: Vendor): Promise<OffboardingReport> {
	const workflow = demo.workflows.find((w) => w.vendor === vendor && w.kind === 'offboarding');
	if (!workflow) throw new Error(`${vendor}: no offboarding example`);
	// The node that removes the user (an example may first take them out of a group).
	const node = workflow.json.nodes.find(
		(n: { type: string; parameters: { operation?: string } }) => n.type.startsWith('n8n-nodes-user-provisioning.') && ['delete', 'deactivate'].includes(n.parameters.operation ?? ''),
	).name;
	const emails = leaversOf(workflow, vendor);
	const ids = emails.map((email) => seed(demo, vendor, email));

	const before = removals(demo, vendor).length;
	const first = await runOnce(demo, workflow, emails);
	if (first.status !== 'success') throw new Error(`${vendor}: the offboarding run ended ${first.status}: ${JSON.stringify(first.error)}`);
	const removedFirst = removals(demo, vendor).length - before;
	const afterFirst = changes(demo, vendor).length;
	const second = await runOnce(demo, workflow, emails);
	if (second.status !== 'success') throw new Error(`${vendor}: the second offboarding run ended ${second.status}: ${JSON.stringify(second.error)}`);
	const typo = first.page ? await runOnce(demo, workflow, [`typo.${emails[0]}`]) : undefined;
	const setApart = workflow.json.nodes.some((n: { name: string }) => n.name === 'Check For A Typo')
		? { first: first.output('Check For A Typo').length, second: second.output('Check For A Typo').length }
		: undefined;
	return {
		...(first.page && typo?.page ? { pages: { first: first.page, typo: typo.page } } : {}),
		...(setApart ? { setApart } : {}),
		first: first.output(node),
		second: second.output(node),
		ids,
		stillActive: ids.map((id) => stillActive(demo, vendor, id)),
		removedFirst,
		changesSecond: changes(demo, vendor).length - afterFirst,
	};
}
