/**
 * The Luzmo lifecycle examples, run as workflows: every node after the trigger, with n8n's own Set,
 * Split Out and If nodes and ours, through n8n-core's WorkflowExecute against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Example } from '../harness/examples';
import { loadExample, runExample as runWorkflow } from '../harness/examples';
import { LuzmoSandbox } from '../sandbox/luzmo';
import { describeSyncExamples } from '../sync/examples';

const load = loadExample;

/** Runs the example from the node after its trigger; returns each node's main output items. */
async function runExample(example: Example, sandbox: LuzmoSandbox): Promise<Record<string, IDataObject[]>> {
	for (const node of example.nodes) {
		for (const reference of Object.values(node.credentials ?? {})) expect(reference.name).toBe('Luzmo sandbox');
	}
	const outputs = await runWorkflow(example, {
		credential: () => ({ apiKey: sandbox.apiKey, apiToken: sandbox.apiToken, region: 'custom', customHost: sandbox.url }),
	});
	return Object.fromEntries(Object.entries(outputs).map(([name, main]) => [name, main[0] ?? []]));
}

describe('Luzmo example workflows', () => {
	let sandbox: LuzmoSandbox;
	beforeEach(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('offboarding: deletes each leaver found by email; a second run finds them gone and succeeds', async () => {
		const example = load('luzmo-offboarding.json');
		const ada = sandbox.seedUser({ email: 'ada.lovelace@example.com' });
		const first = await runExample(example, sandbox);
		const second = await runExample(example, sandbox);

		expect(first['Delete Luzmo User']).toEqual([
			{ deleted: true, alreadyAbsent: false, id: ada.id, email: 'ada.lovelace@example.com' },
			{ deleted: false, alreadyAbsent: true, email: 'alan.turing@example.com' },
		]);
		expect(second['Delete Luzmo User'].map((json) => json.alreadyAbsent)).toEqual([true, true]);
		expect(sandbox.actions('user', 'delete')).toHaveLength(1);
		// A leaver nobody has (a typo in the list, or deleted before) is set apart, to be checked.
		expect(first['Check For A Typo'].map((json) => json.email)).toEqual(['alan.turing@example.com']);
		expect(first['Check For A Typo'][0].note).toMatch(/^No Luzmo user has this email, so nobody was deleted: deleted before, or a typo in the list/);
		expect(second['Check For A Typo'].map((json) => json.email)).toEqual(['ada.lovelace@example.com', 'alan.turing@example.com']);
	});

	it('add to groups: creates (or finds) each hire and adds them to the group of their row; a second run changes nothing', async () => {
		const example = load('luzmo-add-to-groups.json');
		const hires = JSON.parse(example.nodes.find((node) => node.name === 'New Hires')!.parameters.jsonOutput as string).hires as IDataObject[];
		// The example's group ID, as a group of the sandbox tenant.
		const group = sandbox.groups.seed('Designers');
		group.id = String(hires[0].groupId);
		const grace = sandbox.seedUser({ email: 'grace.hopper@example.com' });
		const first = await runExample(example, sandbox);
		const second = await runExample(example, sandbox);

		expect(first['Create Luzmo User'].map((json) => json.provisioningStatus)).toEqual(['created', 'existing']);
		expect(first['Add To Their Group'].map((json) => [json.email, json.alreadyMember])).toEqual([
			['ada.lovelace@example.com', false],
			['grace.hopper@example.com', false],
		]);
		expect(second['Add To Their Group'].map((json) => json.alreadyMember)).toEqual([true, true]);
		expect(sandbox.groups.memberIds(group.id)).toEqual([first['Create Luzmo User'][0].id, grace.id]);
		expect(sandbox.actions('group', 'associate')).toHaveLength(2);
	});
});

describeSyncExamples('Luzmo');
