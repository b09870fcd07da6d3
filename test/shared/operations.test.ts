/**
 * The UI and the router agree: every Resource/Operation a node offers has an operation that runs
 * it, and the router runs nothing the UI does not offer. An operation added to one and not the
 * other would reach the user as "This node has no operation ..." or never be reachable.
 */
import type { INodePropertyOptions, INodeType } from 'n8n-workflow';

import type { OperationTable } from '../../nodes/shared/router';

const nodes: Record<string, { module: Record<string, unknown>; className: string }> = {
	Domo: { module: require('../../nodes/Domo/Domo.node'), className: 'Domo' },
	Garmat: { module: require('../../nodes/Garmat/Garmat.node'), className: 'Garmat' },
	Luzmo: { module: require('../../nodes/Luzmo/Luzmo.node'), className: 'Luzmo' },
	OpsRamp: { module: require('../../nodes/OpsRamp/Opsramp.node'), className: 'Opsramp' },
};

describe.each(Object.entries(nodes))('%s: the operations the UI offers are the ones the router runs', (_vendor, { module, className }) => {
	const node = new (module[className] as new () => INodeType)();
	const table = module.operations as OperationTable;
	const { properties } = node.description;
	const resources = ((properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[]).map((o) => String(o.value));

	it('offers exactly the resources the router knows', () => {
		expect([...resources].sort()).toEqual(Object.keys(table).sort());
	});

	it.each(Object.keys(table))('resource %s: the Operation options are the router entries', (resource) => {
		const operation = properties.filter((p) => p.name === 'operation' && (p.displayOptions?.show?.resource ?? []).includes(resource));
		expect(operation).toHaveLength(1);
		const offered = (operation[0].options as INodePropertyOptions[]).map((o) => String(o.value));
		expect(offered.sort()).toEqual(Object.keys(table[resource]).sort());
		for (const name of offered) expect(typeof table[resource][name].factory).toBe('function');
	});

	it('every operation shows fields of its own (or none), never another resource\'s', () => {
		for (const property of properties) {
			const show = property.displayOptions?.show;
			if (!show?.operation) continue;
			const forResources = (show.resource ?? []) as string[];
			expect(forResources.length).toBeGreaterThan(0);
			for (const resource of forResources) {
				for (const operation of show.operation as string[]) expect(Object.keys(table[resource] ?? {})).toContain(operation);
			}
		}
	});
});
