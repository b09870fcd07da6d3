/**
 * The Domo example workflows import as they are: their Domo nodes use only parameters the node
 * shows for their operation, and, run against the sandbox in the order of the workflow, they do
 * what their names say, twice over without harm.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters, INodeProperties, INodeType } from 'n8n-workflow';

import { loadExample, runExample } from '../harness/examples';
import { PACKAGE_ROOT } from '../harness/package';
import { builtPackage, TestCredentialsHelper } from '../harness/workflow';
import { DomoSandbox } from '../sandbox/domo';
import { runDomo } from './run';
import { describeSyncExamples } from '../sync/examples';

interface WorkflowJson {
	nodes: Array<{ name: string; type: string; parameters: INodeParameters }>;
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const load = (file: string) => JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'examples', file), 'utf8')) as WorkflowJson;
const domoNodes = (workflow: WorkflowJson) => workflow.nodes.filter((node) => node.type === 'n8n-nodes-user-provisioning.domo');

describe.each(['domo-offboarding.json', 'domo-add-to-groups.json'])('example %s', (file) => {
	const workflow = load(file);

	it('is connected, and its Domo nodes use only parameters shown for their operation', async () => {
		const pkg = await builtPackage();
		const properties = (pkg.nodeTypes.getByNameAndVersion(pkg.typeName('domo'), 1) as INodeType).description.properties as INodeProperties[];
		expect(domoNodes(workflow).length).toBeGreaterThan(0);
		for (const node of domoNodes(workflow)) {
			const { resource, operation } = node.parameters as { resource: string; operation: string };
			const shown = properties.filter((p) => {
				const show = p.displayOptions?.show;
				return (!show?.resource || show.resource.includes(resource)) && (!show?.operation || show.operation.includes(operation));
			});
			for (const name of Object.keys(node.parameters)) expect({ node: node.name, name, known: shown.some((p) => p.name === name) }).toEqual({ node: node.name, name, known: true });
		}
		const targets = Object.values(workflow.connections).flatMap((c) => c.main.flat().map((link) => link.node));
		for (const node of workflow.nodes.slice(1)) expect(targets).toContain(node.name);
	});
});

describe('the Domo examples, run against the sandbox', () => {
	let sandbox: DomoSandbox;
	beforeEach(async () => {
		sandbox = new DomoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	/** Runs the workflow's Domo nodes in order, each fed the previous one's output. */
	async function runChain(workflow: WorkflowJson, trigger: IDataObject, helper: TestCredentialsHelper): Promise<IDataObject[]> {
		let items = [trigger];
		for (const node of domoNodes(workflow)) {
			const result = await runDomo(sandbox, { parameters: node.parameters, items, helper });
			expect(result.error).toBeUndefined();
			items = result.items!.map((item) => item.json);
		}
		return items;
	}

	it('offboarding: the form\'s email deletes the user; submitted again, it is done already', async () => {
		const leaver = sandbox.seedUser({ email: 'leaver@example.com' });
		const helper = new TestCredentialsHelper(await builtPackage());
		const workflow = load('domo-offboarding.json');
		expect(await runChain(workflow, { Email: 'Leaver@example.com' }, helper)).toEqual([{ deleted: true, alreadyAbsent: false, id: leaver.id, email: 'Leaver@example.com' }]);
		expect(await runChain(workflow, { Email: 'Leaver@example.com' }, helper)).toEqual([{ deleted: false, alreadyAbsent: true, email: 'Leaver@example.com' }]);
		expect(sandbox.user(leaver.id)).toBeUndefined();
	});

	it('offboarding, as a workflow: the page after the form tells a deleted account from an email nobody has (a typo) and from a refusal', async () => {
		const leaver = sandbox.seedUser({ email: 'leaver@example.com' });
		const example = loadExample('domo-offboarding.json');
		const credential = () => ({ clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiHost: sandbox.url, accessToken: '' });
		/** Which page the submission ends on: the branch of the If nodes before the pages that the item took. */
		const pageFor = async (email: string) => {
			const outputs = await runExample(example, { credential, trigger: { Email: email } });
			const [failed, went] = outputs['Could Not Remove?'];
			if (failed.length) return 'Not Removed';
			expect(went).toHaveLength(1);
			const [nobody, removed] = outputs['Nobody With This Email?'];
			return nobody.length ? 'Nobody To Remove' : removed.length ? 'Account Removed' : 'none';
		};
		expect(await pageFor('leaver@example.com')).toBe('Account Removed');
		expect(sandbox.user(leaver.id)).toBeUndefined();
		expect(await pageFor('leaver@example.com')).toBe('Nobody To Remove');
		expect(await pageFor('laever@example.com')).toBe('Nobody To Remove');
		const other = sandbox.seedUser({ email: 'owner@example.com' });
		sandbox.fault({ method: 'DELETE', path: `/v1/users/${other.id}`, times: 1, when: 'before', action: { type: 'respond', response: { status: 400, body: { status: 400, statusReason: 'Bad Request', message: 'User owns content' } } } });
		expect(await pageFor('owner@example.com')).toBe('Not Removed');
		const pages = example.nodes.filter((node) => node.type === 'n8n-nodes-base.form').map((node) => node.name);
		expect(pages.sort()).toEqual(['Account Removed', 'Nobody To Remove', 'Not Removed']);
	});

	it('add to groups: the new hire is created and added to the group; re-run, nothing is doubled', async () => {
		// The example's group ID is the one of Domo's Group API quickstart; the sandbox's first group has it.
		const sales = sandbox.seedGroup('Sales');
		expect(sales.id).toBe(876655018);
		const helper = new TestCredentialsHelper(await builtPackage());
		const workflow = load('domo-add-to-groups.json');
		const hire = { 'Full Name': 'Emmy Noether', Email: 'emmy@example.com', 'Job Title': 'Algebraist' };
		const [first] = await runChain(workflow, hire, helper);
		const created = sandbox.users.find((u) => u.email === 'emmy@example.com')!;
		expect(first).toEqual({ added: true, alreadyMember: false, groupId: '876655018', userId: created.id });
		const [second] = await runChain(workflow, hire, helper);
		expect(second).toEqual({ added: false, alreadyMember: true, groupId: '876655018', userId: created.id });
		expect(sandbox.creates()).toHaveLength(1);
		expect(sandbox.invited).toEqual(['emmy@example.com']);
		expect(sandbox.members(sales.id)).toEqual([created.id]);
	});
});

describeSyncExamples('Domo');
