/**
 * One source of truth per operation: the zod schema and the UI properties must describe the same
 * fields. A field added to one and not the other, or required in one and optional in the other,
 * fails here.
 */
import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabels } from '../../nodes/shared/validation';

const operations: Record<string, { inputSchema: z.ZodTypeAny; properties: INodeProperties[] }> = {
	Domo: require('../../nodes/Domo/actions/user/create.operation'),
	Garmat: require('../../nodes/Garmat/actions/user/create.operation'),
	Luzmo: require('../../nodes/Luzmo/actions/user/create.operation'),
	OpsRamp: require('../../nodes/OpsRamp/actions/user/create.operation'),
};

/** The object schema under cross-field refinements (OpsRamp's rules are a superRefine). */
function objectOf(schema: z.ZodTypeAny): z.AnyZodObject {
	return schema instanceof z.ZodEffects ? objectOf(schema.innerType()) : (schema as z.AnyZodObject);
}

/** Fields a user fills: everything but the Options collection, which configures the node. */
function inputProperties(properties: INodeProperties[]) {
	const topLevel = properties.filter((p) => p.name !== 'options' && p.type !== 'notice');
	const additional = topLevel.find((p) => p.name === 'additionalFields');
	return {
		required: topLevel.filter((p) => p.required).map((p) => p.name),
		all: [
			...topLevel.filter((p) => p.name !== 'additionalFields').map((p) => p.name),
			...((additional?.options as INodeProperties[] | undefined) ?? []).map((p) => p.name),
		],
	};
}

describe.each(Object.entries(operations))('%s Create User: schema and UI agree', (_vendor, operation) => {
	const shape = objectOf(operation.inputSchema).shape as Record<string, z.ZodTypeAny>;
	const ui = inputProperties(operation.properties);

	it('has a UI field for every schema key and a schema key for every UI field', () => {
		expect([...ui.all].sort()).toEqual(Object.keys(shape).sort());
	});

	it('requires in the UI exactly what the schema requires', () => {
		const requiredInSchema = Object.entries(shape)
			.filter(([, schema]) => !schema.isOptional())
			.map(([key]) => key);
		expect([...ui.required].sort()).toEqual(requiredInSchema.sort());
	});

	it('has a label for every schema key, so validation errors name the field as shown', () => {
		const labels = fieldLabels(operation.properties);
		for (const key of Object.keys(shape)) expect(labels.get(key)).toBeTruthy();
	});

	it('keeps optional fields in one Additional Fields collection, sorted by display name', () => {
		const additional = operation.properties.find((p) => p.name === 'additionalFields');
		const names = ((additional?.options as INodeProperties[]) ?? []).map((p) => p.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		// Outside the collection: required fields, and switches (a boolean always has a value,
		// e.g. Domo's Send Invite, which the node always sends explicitly).
		for (const property of operation.properties) {
			if (['additionalFields', 'options'].includes(property.name) || property.type === 'boolean') continue;
			expect({ name: property.name, required: property.required }).toEqual({ name: property.name, required: true });
		}
	});
});
