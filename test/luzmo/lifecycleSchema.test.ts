/**
 * One source of truth per lifecycle operation, as test/shared/schemaMatchesUi.test.ts checks for
 * Create: each operation's zod schema and UI properties describe the same fields, required alike,
 * every field labelled; and the node offers each operation with an action an AI agent can choose by.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { z } from 'zod';

import { Luzmo } from '../../nodes/Luzmo/Luzmo.node';
import * as groupGetAll from '../../nodes/Luzmo/actions/group/getAll.operation';
import * as addToGroup from '../../nodes/Luzmo/actions/user/addToGroup.operation';
import * as create from '../../nodes/Luzmo/actions/user/create.operation';
import * as remove from '../../nodes/Luzmo/actions/user/delete.operation';
import * as get from '../../nodes/Luzmo/actions/user/get.operation';
import * as getAll from '../../nodes/Luzmo/actions/user/getAll.operation';
import * as removeFromGroup from '../../nodes/Luzmo/actions/user/removeFromGroup.operation';
import * as update from '../../nodes/Luzmo/actions/user/update.operation';
import { fieldLabels } from '../../nodes/shared/validation';

interface Operation {
	inputSchema: z.ZodTypeAny;
	properties: INodeProperties[];
}

const operations: Record<string, Operation> = { get, getAll, update, delete: remove, addToGroup, removeFromGroup, 'group getAll': groupGetAll };

/** Keys of a schema: an object's shape; for unions and intersections, every branch's keys. */
function keysOf(schema: z.ZodTypeAny): { all: Set<string>; required: Set<string> } {
	if (schema instanceof z.ZodEffects) return keysOf(schema.innerType());
	if (schema instanceof z.ZodObject) {
		const shape = schema.shape as Record<string, z.ZodTypeAny>;
		return { all: new Set(Object.keys(shape)), required: new Set(Object.keys(shape).filter((key) => !shape[key].isOptional())) };
	}
	const branches: z.ZodTypeAny[] =
		schema instanceof z.ZodIntersection ? [schema._def.left, schema._def.right] : schema instanceof z.ZodDiscriminatedUnion ? [...schema.options.values()] : [];
	if (!branches.length) throw new Error(`Unexpected schema ${schema.constructor.name}`);
	const parts = branches.map(keysOf);
	return { all: new Set(parts.flatMap((part) => [...part.all])), required: new Set(parts.flatMap((part) => [...part.required])) };
}

/** What a user fills: everything but Options; a collection counts as one field (its own schema). */
const inputProperties = (properties: INodeProperties[]) => properties.filter((p) => p.name !== 'options');

describe.each(Object.entries(operations))('Luzmo %s: schema and UI agree', (_name, operation) => {
	const keys = keysOf(operation.inputSchema);
	const ui = inputProperties(operation.properties);

	it('has a UI field for every schema key and a schema key for every UI field', () => {
		expect(ui.map((p) => p.name).sort()).toEqual([...keys.all].sort());
	});

	// Find User By always has a value; a collection cannot be required in n8n (Update Fields'
	// "add at least one" is the schema's, tested in users.test.ts).
	it('requires in the UI what the schema requires, Find User By and collections aside', () => {
		const collections = new Set(ui.filter((p) => p.type === 'collection').map((p) => p.name));
		const required = [...keys.required].filter((key) => key !== 'findBy' && !collections.has(key));
		expect(ui.filter((p) => p.required).map((p) => p.name).sort()).toEqual(required.sort());
	});

	it('labels every field, collections\' fields included, sorted by display name', () => {
		const labels = fieldLabels(operation.properties);
		for (const key of keys.all) expect(labels.get(key)).toBeTruthy();
		for (const collection of ui.filter((p) => p.type === 'collection')) {
			const names = (collection.options as INodeProperties[]).map((p) => p.displayName);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('offers the Options collection (Concurrency, Timeout)', () => {
		const options = operation.properties.find((p) => p.name === 'options');
		expect((options?.options as INodeProperties[]).map((p) => p.name)).toEqual(['concurrency', 'timeout']);
	});
});

describe('Luzmo Update: Update Fields are the documented updatable properties, the same types as Create\'s', () => {
	const fields = update.properties.find((p) => p.name === 'updateFields')!.options as INodeProperties[];
	const createFields = create.properties.find((p) => p.name === 'additionalFields')!.options as INodeProperties[];

	it('is Create\'s properties with Email, and every one optional in the schema', () => {
		expect(fields.map((p) => p.name).sort()).toEqual([...createFields.map((p) => p.name), 'email'].sort());
		expect(Object.values(update.updateFieldsSchema.shape).every((schema) => schema.isOptional())).toBe(true);
	});

	it('types each field as Create does', () => {
		for (const field of createFields) expect([field.name, fields.find((p) => p.name === field.name)?.type]).toEqual([field.name, field.type]);
	});
});

describe('Luzmo node: resources and operations', () => {
	const { properties } = new Luzmo().description;
	const operationsOf = (resource: string) =>
		properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))!.options as INodePropertyOptions[];

	it('offers every user operation, alphabetical by name, each with an action and a description', () => {
		const offered = operationsOf('user');
		expect(offered.map((o) => o.value)).toEqual(['addToGroup', 'create', 'createOrUpdate', 'delete', 'get', 'getAll', 'removeFromGroup', 'sync', 'update']);
		expect(offered.map((o) => o.name)).toEqual([...offered.map((o) => o.name)].sort((a, b) => a.localeCompare(b)));
		for (const option of offered) expect(option).toEqual(expect.objectContaining({ action: expect.stringMatching(/^[A-Z].+ a (user|group)|^Get many users$|^Sync users with a roster$/), description: expect.any(String) }));
	});

	it('offers Group > Get Many', () => {
		expect(operationsOf('group')).toEqual([expect.objectContaining({ value: 'getAll', name: 'Get Many', action: 'Get many groups' })]);
	});

	it('shows each operation\'s fields only for its own resource and operation', () => {
		for (const [name, operation] of Object.entries(operations)) {
			const [resource, value] = name.startsWith('group ') ? ['group', 'getAll'] : ['user', name];
			const shown = properties.filter((p) => p.displayOptions?.show?.operation?.includes(value) && p.displayOptions?.show?.resource?.includes(resource));
			expect(shown.map((p) => p.name)).toEqual(operation.properties.map((p) => p.name));
		}
	});
});
