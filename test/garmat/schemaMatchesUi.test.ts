/**
 * One source of truth per operation, for Garmat's operations after Create (Create is checked in
 * test/shared/schemaMatchesUi.test.ts): the zod schema and the UI describe the same fields. For
 * "Find User By", each choice shows exactly the fields its branch of the schema reads.
 */
import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabels } from '../../nodes/shared/validation';

type Operation = { inputSchema: z.ZodTypeAny; properties: INodeProperties[] };
const operations: Record<string, Operation> = {
	Get: require('../../nodes/Garmat/actions/user/get.operation'),
	'Get Many': require('../../nodes/Garmat/actions/user/getAll.operation'),
	Update: require('../../nodes/Garmat/actions/user/update.operation'),
	Deactivate: require('../../nodes/Garmat/actions/user/deactivate.operation'),
	'Resend Invitation': require('../../nodes/Garmat/actions/user/resendInvitation.operation'),
};

const unwrap = (schema: z.ZodTypeAny): z.ZodTypeAny =>
	schema instanceof z.ZodEffects ? unwrap(schema.innerType()) : schema instanceof z.ZodOptional ? unwrap(schema.unwrap()) : schema;

/** The object shapes a schema accepts: one per branch of a discriminated union, combined across an intersection. */
function branches(schema: z.ZodTypeAny): Array<Record<string, z.ZodTypeAny>> {
	const inner = unwrap(schema);
	if (inner instanceof z.ZodDiscriminatedUnion) return (inner.options as z.AnyZodObject[]).flatMap((option) => branches(option));
	if (inner instanceof z.ZodIntersection) {
		const right = branches(inner._def.right);
		return branches(inner._def.left).flatMap((left) => right.map((other) => ({ ...left, ...other })));
	}
	if (inner instanceof z.ZodObject) return [inner.shape as Record<string, z.ZodTypeAny>];
	throw new Error(`unexpected schema ${inner.constructor.name}`);
}

/** The value of the "Find User By" discriminator in a branch, if it has one. */
const findByOf = (shape: Record<string, z.ZodTypeAny>) => (shape.findBy instanceof z.ZodLiteral ? String(shape.findBy.value) : undefined);

/** The fields a user fills that n8n shows for a branch: Options left out, findBy conditions applied. */
function shownFor(properties: INodeProperties[], findBy: string | undefined): INodeProperties[] {
	return properties.filter((p) => {
		if (p.name === 'options') return false;
		const condition = p.displayOptions?.show?.findBy;
		return !Array.isArray(condition) || (findBy !== undefined && condition.includes(findBy));
	});
}

const childNames = (property: INodeProperties | undefined) => ((property?.options as INodeProperties[] | undefined) ?? []).map((p) => p.name);

describe.each(Object.entries(operations))('Garmat %s: schema and UI agree', (_name, operation) => {
	const shapes = branches(operation.inputSchema);

	it('shows for each branch exactly the fields the branch reads', () => {
		for (const shape of shapes) {
			expect(shownFor(operation.properties, findByOf(shape)).map((p) => p.name).sort()).toEqual(Object.keys(shape).sort());
		}
	});

	it('requires in the UI exactly what the schema requires', () => {
		for (const shape of shapes) {
			const shown = shownFor(operation.properties, findByOf(shape));
			const requiredInUi = shown.filter((p) => p.required).map((p) => p.name);
			// A dropdown, a switch or a collection always has a value (its default), so the UI never marks it required.
			const alwaysSet = (key: string) => ['options', 'boolean', 'collection'].includes(String(shown.find((p) => p.name === key)?.type));
			const requiredInSchema = Object.entries(shape)
				.filter(([key, schema]) => !schema.isOptional() && !alwaysSet(key))
				.map(([key]) => key);
			expect(requiredInUi.sort()).toEqual(requiredInSchema.sort());
		}
	});

	it('gives every collection the children its schema reads, all optional, sorted by display name', () => {
		for (const shape of shapes) {
			for (const property of shownFor(operation.properties, findByOf(shape)).filter((p) => p.type === 'collection')) {
				const inner = branches(shape[property.name])[0];
				expect(childNames(property).sort()).toEqual(Object.keys(inner).sort());
				for (const schema of Object.values(inner)) expect(schema.isOptional()).toBe(true);
				const names = ((property.options as INodeProperties[]) ?? []).map((p) => p.displayName);
				if (property.name === 'updateFields') expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			}
		}
	});

	it('has a label for every schema key, so validation errors name the field as shown', () => {
		const labels = fieldLabels(operation.properties);
		for (const shape of shapes) {
			for (const [key, schema] of Object.entries(shape)) {
				expect(labels.get(key)).toBeTruthy();
				const inner = unwrap(schema);
				if (inner instanceof z.ZodObject) for (const child of Object.keys(inner.shape)) expect(labels.get(`${key}.${child}`)).toBeTruthy();
			}
		}
		// The selector's Email keeps its own label next to Update Fields > Email.
		expect(labels.get('email') ?? 'Email').toBe('Email');
	});

	it('offers Concurrency and Timeout in Options', () => {
		expect(childNames(operation.properties.find((p) => p.name === 'options')).sort()).toEqual(['concurrency', 'timeout']);
	});
});
