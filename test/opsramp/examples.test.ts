/**
 * The OpsRamp example workflows (examples/opsramp-offboarding.json, opsramp-add-to-groups.json):
 * import-ready JSON whose OpsRamp nodes use only parameters the node shows for their operation,
 * the sandbox credential's name, and run, node by node with the items the node before gives,
 * against the sandbox: offboarding twice (the second run changes nothing), a new hire twice.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { loadExample, runExample } from '../harness/examples';
import { PACKAGE_ROOT } from '../harness/package';
import { builtPackage, runNode } from '../harness/workflow';
import { OpsRampSandbox, USER_GROUPS } from '../sandbox/opsramp';
import { credentialData, credentials, TENANT } from './fixtures';
import { seedPerson } from './lifecycleKit';
import { describeSyncExamples } from '../sync/examples';

interface ExampleNode {
	name: string;
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, { name: string }>;
}
const load = (file: string) => JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'examples', file), 'utf8')) as { nodes: ExampleNode[]; connections: IDataObject };
const ours = (workflow: { nodes: ExampleNode[] }) => workflow.nodes.filter((n) => n.type === 'n8n-nodes-user-provisioning.opsramp');
const node = (workflow: { nodes: ExampleNode[] }, name: string) => workflow.nodes.find((n) => n.name === name)!;

/** Whether a property shows for the node's resource and operation. */
function shows(property: INodeProperties, parameters: INodeParameters): boolean {
	const show = property.displayOptions?.show ?? {};
	return ['resource', 'operation'].every((key) => !show[key] || (show[key] as unknown[]).includes(parameters[key]));
}

describe('OpsRamp example workflows', () => {
	let sandbox: OpsRampSandbox;
	beforeEach(async () => {
		sandbox = new OpsRampSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	const run = async (example: ExampleNode, items: IDataObject[]) => {
		const result = await runNode({ node: 'opsramp', parameters: example.parameters, items, credentials: credentials(sandbox) });
		expect(result.error).toBeUndefined();
		return result.items!.map((item) => item.json);
	};

	it.each(['opsramp-offboarding.json', 'opsramp-add-to-groups.json'])('%s uses only parameters its OpsRamp nodes show, and the sandbox credential', async (file) => {
		const workflow = load(file);
		const description = (await builtPackage()).nodeTypes.getByName('n8n-nodes-user-provisioning.opsramp').description as INodeTypeDescription;
		expect(ours(workflow).length).toBeGreaterThan(0);
		for (const example of ours(workflow)) {
			const known = description.properties.filter((p) => shows(p, example.parameters)).map((p) => p.name);
			for (const name of Object.keys(example.parameters)) expect({ node: example.name, name, known: known.includes(name) }).toEqual({ node: example.name, name, known: true });
			expect(example.credentials?.opsRampApi?.name).toBe('OpsRamp sandbox');
			expect(example.parameters.tenantId).toBe(TENANT);
		}
		for (const from of Object.keys(workflow.connections)) expect(workflow.nodes.map((n) => n.name)).toContain(from);
	});

	it('offboarding removes the leavers from the group and terminates them; a second run changes nothing', async () => {
		const workflow = load('opsramp-offboarding.json');
		const group = USER_GROUPS[0];
		const scarlet = seedPerson(sandbox, 1, { email: 'scarlet.john@example.com', userGroups: [{ uniqueId: group.uniqueId, name: group.name }] });
		const ravi = seedPerson(sandbox, 2, { email: 'ravi.kumar@example.com' });
		const leavers = (JSON.parse(String(node(workflow, 'Leavers').parameters.jsonOutput)) as { leavers: IDataObject[] }).leavers;

		for (const pass of [1, 2]) {
			const removed = await run(node(workflow, 'Remove From Implementation Team'), leavers);
			const terminated = await run(node(workflow, 'Terminate OpsRamp User'), removed);
			expect(terminated.map((t) => [t.email, t.alreadyAbsent])).toEqual([
				['scarlet.john@example.com', pass === 2],
				['ravi.kumar@example.com', pass === 2],
			]);
		}
		expect(sandbox.terminated.map((u) => u.id)).toEqual([scarlet.id, ravi.id]);
		expect(sandbox.terminated[0].userGroups).toEqual([]);
		expect(sandbox.terminated.map((u) => u.terminateReason)).toEqual(['Offboarded by n8n', 'Offboarded by n8n']);
	});

	it('offboarding, as a workflow: a leaver nobody has (a typo, or terminated before) is set apart to be checked', async () => {
		seedPerson(sandbox, 1, { email: 'scarlet.john@example.com' });
		const example = loadExample('opsramp-offboarding.json');
		const first = await runExample(example, { credential: () => credentialData(sandbox) });
		expect(first['Check For A Typo'][0].map((json) => json.email)).toEqual(['ravi.kumar@example.com']);
		expect(String(first['Check For A Typo'][0][0].note)).toMatch(/^No OpsRamp user has this email, so nobody was terminated/);
		const second = await runExample(example, { credential: () => credentialData(sandbox) });
		expect(second['Check For A Typo'][0].map((json) => json.email)).toEqual(['scarlet.john@example.com', 'ravi.kumar@example.com']);
		expect(sandbox.terminated).toHaveLength(1);
	});

	it('add to groups creates the hire once and puts them in each group once, run twice', async () => {
		const workflow = load('opsramp-add-to-groups.json');
		const hire = JSON.parse(String(node(workflow, 'New Hire').parameters.jsonOutput)) as IDataObject & { groups: string[] };

		for (const pass of [1, 2]) {
			const [created] = await run(node(workflow, 'Create OpsRamp User'), [hire]);
			expect(created.provisioningStatus).toBe(pass === 1 ? 'created' : 'existing');
			const pairs = hire.groups.map((groupId) => ({ userId: created.id, groupId }));
			const added = await run(node(workflow, 'Add To Group'), pairs);
			expect(added.map((a) => a.alreadyMember)).toEqual([pass === 2, pass === 2]);
		}
		expect(sandbox.users).toHaveLength(1);
		expect((sandbox.users[0].userGroups as Array<{ uniqueId: string }>).map((g) => g.uniqueId)).toEqual(hire.groups);
	});
});

describeSyncExamples('OpsRamp');
