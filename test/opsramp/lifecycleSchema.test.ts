/**
 * The operations after Create: the zod schema and the UI describe the same fields (every schema
 * key has a UI field and a label, every UI field a schema key; required in the UI, required in the
 * schema; collections sorted). Bad input itself is checked for every operation in test/bad-input.
 */
import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabels } from '../../nodes/shared/validation';

type Operation = { inputSchema: z.ZodTypeAny; properties: INodeProperties[] };
const operations: Record<string, Operation> = {
	get: require('../../nodes/OpsRamp/actions/user/get.operation'),
	getAll: require('../../nodes/OpsRamp/actions/user/getAll.operation'),
	update: require('../../nodes/OpsRamp/actions/user/update.operation'),
	delete: require('../../nodes/OpsRamp/actions/user/delete.operation'),
	deactivate: require('../../nodes/OpsRamp/actions/user/deactivate.operation'),
	activate: require('../../nodes/OpsRamp/actions/user/activate.operation'),
	addToGroup: require('../../nodes/OpsRamp/actions/user/addToGroup.operation'),
	removeFromGroup: require('../../nodes/OpsRamp/actions/user/removeFromGroup.operation'),
	'group getAll': require('../../nodes/OpsRamp/actions/group/getAll.operation'),
};

/** The keys of a schema, through refinements, intersections and the Find User By union. */
function shapeOf(schema: z.ZodTypeAny): Record<string, z.ZodTypeAny> {
	if (schema instanceof z.ZodEffects) return shapeOf(schema.innerType());
	if (schema instanceof z.ZodOptional) return shapeOf(schema.unwrap());
	if (schema instanceof z.ZodIntersection) return { ...shapeOf(schema._def.left), ...shapeOf(schema._def.right) };
	if (schema instanceof z.ZodDiscriminatedUnion) return Object.assign({}, ...[...schema.options.values()].map((option) => shapeOf(option as z.ZodTypeAny)));
	if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodTypeAny>;
	throw new Error(`no shape in ${schema.constructor.name}`);
}

const COLLECTIONS_IN_SCHEMA = ['updateFields', 'filters'];

describe.each(Object.entries(operations))('OpsRamp %s: schema and UI agree', (_name, op) => {
	const shape = shapeOf(op.inputSchema);
	const fields = op.properties.filter((p) => p.name !== 'options');
	const flat = fields.flatMap((p) => (p.name === 'additionalFields' ? (p.options as INodeProperties[]) : [p]));

	it('has a UI field for every schema key and a schema key for every UI field', () => {
		expect(flat.map((p) => p.name).sort()).toEqual(Object.keys(shape).sort());
		for (const collection of fields.filter((p) => COLLECTIONS_IN_SCHEMA.includes(p.name))) {
			const children = (collection.options as INodeProperties[]).map((p) => p.name).sort();
			expect(children).toEqual(Object.keys(shapeOf(shape[collection.name])).sort());
		}
	});

	it('requires in the schema every field the UI requires; the others always have a value or are checked as a whole', () => {
		for (const property of flat) {
			const optional = shape[property.name].isOptional();
			if (property.required) expect({ name: property.name, optional }).toEqual({ name: property.name, optional: false });
			else if (!optional) expect({ name: property.name, kind: property.type === 'options' || property.name === 'updateFields' }).toEqual({ name: property.name, kind: true });
		}
	});

	it('has a label for every key, nested ones included, and keeps collections sorted', () => {
		const labels = fieldLabels(op.properties);
		for (const key of Object.keys(shape)) expect(labels.get(key)).toBeTruthy();
		for (const collection of fields.filter((p) => p.type === 'collection')) {
			const names = (collection.options as INodeProperties[]).map((p) => p.displayName);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			for (const child of collection.options as INodeProperties[]) expect(labels.get(`${collection.name}.${child.name}`)).toBe(`${collection.displayName} > ${child.displayName}`);
		}
	});
});
