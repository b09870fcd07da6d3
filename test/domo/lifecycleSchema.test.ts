/**
 * One source of truth per operation, for the operations after Create User (the checks of
 * test/shared/schemaMatchesUi.test.ts, for schemas built on Find User By): the zod schema and the
 * UI properties name the same fields, require the same ones, and every field has a label.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabels } from '../../nodes/shared/validation';

type Operation = { inputSchema: z.ZodTypeAny; properties: INodeProperties[] };

const operations: Record<string, Operation> = {
	'User > Get': require('../../nodes/Domo/actions/user/get.operation'),
	'User > Get Many': require('../../nodes/Domo/actions/user/getAll.operation'),
	'User > Update': require('../../nodes/Domo/actions/user/update.operation'),
	'User > Delete': require('../../nodes/Domo/actions/user/delete.operation'),
	'User > Add to Group': require('../../nodes/Domo/actions/user/addToGroup.operation'),
	'User > Remove From Group': require('../../nodes/Domo/actions/user/removeFromGroup.operation'),
	'Group > Get Many': require('../../nodes/Domo/actions/group/getAll.operation'),
};

interface Key {
	required: boolean;
	schema: z.ZodTypeAny;
}

/** Every key a schema reads, through refinements, intersections and Find By's union; required where any branch requires it. */
function keysOf(schema: z.ZodTypeAny, keys = new Map<string, Key>()): Map<string, Key> {
	if (schema instanceof z.ZodEffects) return keysOf(schema.innerType(), keys);
	if (schema instanceof z.ZodIntersection) return keysOf(schema._def.right, keysOf(schema._def.left, keys));
	if (schema instanceof z.ZodDiscriminatedUnion) {
		for (const option of schema.options as z.AnyZodObject[]) keysOf(option, keys);
		return keys;
	}
	for (const [key, inner] of Object.entries((schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>)) {
		const required = !inner.isOptional();
		keys.set(key, { required: required || keys.get(key)?.required === true, schema: inner });
	}
	return keys;
}

/** The values of Find User By that the schema's union accepts. */
function discriminatorValues(schema: z.ZodTypeAny): string[] {
	if (schema instanceof z.ZodEffects) return discriminatorValues(schema.innerType());
	if (schema instanceof z.ZodIntersection) return [...discriminatorValues(schema._def.left), ...discriminatorValues(schema._def.right)];
	if (schema instanceof z.ZodDiscriminatedUnion) return [...schema.optionsMap.keys()].map(String);
	return [];
}

const inputs = (properties: INodeProperties[]) => properties.filter((p) => p.name !== 'options' && p.type !== 'notice');

describe.each(Object.entries(operations))('Domo %s: schema and UI agree', (_name, operation) => {
	const keys = keysOf(operation.inputSchema);
	const ui = inputs(operation.properties);

	it('has a UI field for every schema key and a schema key for every UI field', () => {
		expect(ui.map((p) => p.name).sort()).toEqual([...keys.keys()].sort());
	});

	it('requires in the UI exactly what the schema requires (Find User By always has a value)', () => {
		// A collection is never required in n8n's UI; Update's refuses to be empty instead (below).
		const collections = new Set(ui.filter((p) => p.type === 'collection').map((p) => p.name));
		const requiredInSchema = [...keys].filter(([key, { required }]) => required && key !== 'findBy' && !collections.has(key)).map(([key]) => key);
		expect(ui.filter((p) => p.required).map((p) => p.name).sort()).toEqual(requiredInSchema.sort());
		for (const collection of collections) {
			const result = operation.inputSchema.safeParse({ findBy: 'id', userId: '1', [collection]: {} });
			expect(result.success).toBe(false);
			expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual([collection]);
		}
	});

	it('offers in Find User By exactly the ways the schema accepts', () => {
		const findBy = ui.find((p) => p.name === 'findBy');
		if (!findBy) return expect(keys.has('findBy')).toBe(false);
		expect((findBy.options as INodePropertyOptions[]).map((o) => o.value).sort()).toEqual([...discriminatorValues(operation.inputSchema)].sort());
	});

	it('has a label for every schema key, and for every child of a collection, so errors name the field as shown', () => {
		const labels = fieldLabels(operation.properties);
		for (const key of keys.keys()) expect(labels.get(key)).toBeTruthy();
		for (const collection of ui.filter((p) => p.type === 'collection')) {
			const childKeys = keysOf(keys.get(collection.name)!.schema);
			const children = (collection.options as INodeProperties[]).map((p) => p.name);
			expect(children.sort()).toEqual([...childKeys.keys()].sort());
			for (const child of children) expect(labels.get(`${collection.name}.${child}`)).toMatch(/^Update Fields > /);
			// Sorted by display name, as n8n's guidelines ask.
			const names = (collection.options as INodeProperties[]).map((p) => p.displayName);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});
});

describe('Domo node: every operation is offered, with an action for AI agents', () => {
	const { Domo } = require('../../dist/nodes/Domo/Domo.node');
	const description = new Domo().description;
	const operationsOf = (resource: string) =>
		(description.properties as INodeProperties[]).find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))!
			.options as Array<INodePropertyOptions & { action?: string }>;

	it('User: every lifecycle operation, alphabetical, each with an action', () => {
		const options = operationsOf('user');
		expect(options.map((o) => o.value)).toEqual(['addToGroup', 'create', 'createOrUpdate', 'delete', 'get', 'getAll', 'removeFromGroup', 'sync', 'update']);
		expect(options.map((o) => o.name)).toEqual([...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b)));
		for (const option of options) expect(option.action).toMatch(/^[A-Z][a-z]/);
		expect(description.usableAsTool).toBe(true);
	});

	it('Group: Get Many', () => {
		expect(operationsOf('group').map((o) => o.value)).toEqual(['getAll']);
	});
});
