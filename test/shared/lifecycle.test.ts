/**
 * The shared pieces of the lifecycle operations: the Get Many pager, the user selector, the
 * Update Fields rule, idempotent removal, and the runner's list output. Unit tests: each has
 * logic of its own that a vendor's workflow test exercises only along one path.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import {
	deletedOutput,
	mergeChanges,
	removeIdempotently,
	someUpdate,
	updateFieldsProperty,
	userSelectorProperties,
	userSelectorSchema,
} from '../../nodes/shared/lifecycle';
import type { Page, PageRequest } from '../../nodes/shared/pager';
import { collectPages, returnAllProperties, returnAllSchema } from '../../nodes/shared/pager';
import { runItems } from '../../nodes/shared/runner';
import { optionalText } from '../../nodes/shared/schema';
import { fieldLabels, validateItem } from '../../nodes/shared/validation';

const node = { name: 'Vendor', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;

/** A directory of `total` records served in pages, recording each page asked for. */
function directory(total: number, options: { ignoreOffset?: boolean; lastFlag?: boolean } = {}) {
	const asked: PageRequest[] = [];
	const records = Array.from({ length: total }, (_, i) => ({ id: i + 1 }));
	const fetchPage = async (request: PageRequest): Promise<Page<{ id: number }>> => {
		asked.push(request);
		const start = options.ignoreOffset ? 0 : request.offset;
		const items = records.slice(start, start + request.size);
		return { items, last: options.lastFlag ? start + request.size >= total : undefined };
	};
	return { asked, fetchPage };
}

describe('collectPages', () => {
	it('with Return All reads pages of the largest size until a short page', async () => {
		const { asked, fetchPage } = directory(1203);
		const records = await collectPages({ returnAll: true, limit: 50, maxPageSize: 500 }, fetchPage);
		expect(records.map((r) => r.id)).toEqual(Array.from({ length: 1203 }, (_, i) => i + 1));
		expect(asked).toEqual([
			{ index: 0, offset: 0, size: 500 },
			{ index: 1, offset: 500, size: 500 },
			{ index: 2, offset: 1000, size: 500 },
		]);
	});

	it('with a limit under one page asks for exactly the limit, once', async () => {
		const { asked, fetchPage } = directory(1203);
		const records = await collectPages({ returnAll: false, limit: 7, maxPageSize: 500 }, fetchPage);
		expect(records).toHaveLength(7);
		expect(asked).toEqual([{ index: 0, offset: 0, size: 7 }]);
	});

	it('with a limit over one page stops as soon as the limit is reached and cuts the last page', async () => {
		const { asked, fetchPage } = directory(5000);
		const records = await collectPages({ returnAll: false, limit: 1100, maxPageSize: 500 }, fetchPage);
		expect(records).toHaveLength(1100);
		expect(records[1099]).toEqual({ id: 1100 });
		expect(asked.map((r) => r.offset)).toEqual([0, 500, 1000]);
	});

	it('stops on a page marked last even when it is full', async () => {
		const { asked, fetchPage } = directory(1000, { lastFlag: true });
		await collectPages({ returnAll: true, limit: 50, maxPageSize: 500 }, fetchPage);
		expect(asked).toHaveLength(2);
	});

	it('stops when a vendor ignores the page asked for and repeats records already seen', async () => {
		const { asked, fetchPage } = directory(1000, { ignoreOffset: true });
		const records = await collectPages({ returnAll: true, limit: 50, maxPageSize: 500, key: (r) => (r as { id: number }).id }, fetchPage);
		expect(records).toHaveLength(500);
		expect(asked).toHaveLength(2);
	});

	it('an empty directory is one request and no records', async () => {
		const { asked, fetchPage } = directory(0);
		expect(await collectPages({ returnAll: true, limit: 50, maxPageSize: 100 }, fetchPage)).toEqual([]);
		expect(asked).toHaveLength(1);
	});
});

describe('Return All and Limit', () => {
	const schema = z.object(returnAllSchema);
	const labels = fieldLabels(returnAllProperties());

	it('reads Limit from numeric text and defaults Return All to false', () => {
		expect(schema.parse({ limit: '25' })).toEqual({ returnAll: false, limit: 25 });
		expect(schema.parse({ returnAll: true })).toEqual({ returnAll: true });
	});

	it.each([0, -1, 2.5, 'ten'])('refuses Limit %p naming the field and the item', (limit) => {
		expect(() => validateItem(schema, { returnAll: false, limit }, labels, node, 4)).toThrow(/^Invalid "Limit" in item 4: /);
	});
});

describe('user selector', () => {
	const properties: INodeProperties[] = userSelectorProperties({ name: 'Vendor', idPlaceholder: 'e.g. 42', idDescription: 'The ID' });
	const labels = fieldLabels(properties);

	it('takes an email or an ID (a number from an expression becomes text)', () => {
		expect(userSelectorSchema.parse({ findBy: 'email', email: ' Ada@Example.com ' })).toEqual({ findBy: 'email', email: 'Ada@Example.com' });
		expect(userSelectorSchema.parse({ findBy: 'id', userId: 42 })).toEqual({ findBy: 'id', userId: '42' });
	});

	it('names the field of a bad value and the item', () => {
		expect(() => validateItem(userSelectorSchema, { findBy: 'email', email: 'not-an-email' }, labels, node, 2)).toThrow(
			'Invalid "Email" in item 2: must be a valid email address',
		);
		expect(() => validateItem(userSelectorSchema, { findBy: 'id', userId: '  ' }, labels, node, 0)).toThrow('Invalid "User ID" in item 0: is required');
		expect(() => validateItem(userSelectorSchema, { findBy: 'name' }, labels, node, 1)).toThrow('Invalid "Find User By" in item 1: must be "email" or "id"');
	});
});

describe('Update Fields', () => {
	const fields: INodeProperties[] = [
		{ displayName: 'Title', name: 'title', type: 'string', default: '' },
		{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
	];
	const properties = [updateFieldsProperty(fields)];
	const schema = z.object({ updateFields: someUpdate(z.object({ title: optionalText, phone: optionalText })) });
	const labels = fieldLabels(properties);

	it('sorts the collection by display name', () => {
		expect((properties[0].options as INodeProperties[]).map((p) => p.displayName)).toEqual(['Phone', 'Title']);
	});

	it('refuses an update with nothing to change, under the collection label', () => {
		expect(() => validateItem(schema, { updateFields: {} }, labels, node, 3)).toThrow('Invalid "Update Fields" in item 3: add at least one field to change');
		expect(() => validateItem(schema, { updateFields: { title: '   ' } }, labels, node, 3)).toThrow('Invalid "Update Fields" in item 3');
	});

	it('names a nested field as the UI shows it', () => {
		expect(() => validateItem(schema, { updateFields: { title: true } }, labels, node, 1)).toThrow('Invalid "Update Fields > Title" in item 1: must be text');
	});

	it('merges only the fields that were set over the current record', () => {
		expect(mergeChanges({ id: 1, title: 'Old', phone: '1' } as IDataObject, { title: 'New', phone: undefined })).toEqual({ id: 1, title: 'New', phone: '1' });
	});
});

describe('removeIdempotently', () => {
	const apiError = (status: number) => new NodeApiError(node, { message: 'x' }, { httpCode: String(status), message: `HTTP ${status}` });

	it('a removal that succeeds was not already absent', async () => {
		expect(await removeIdempotently(async () => ({}))).toEqual({ alreadyAbsent: false });
	});

	it('a 404 answer means the thing is already gone: success', async () => {
		expect(
			await removeIdempotently(async () => {
				throw apiError(404);
			}),
		).toEqual({ alreadyAbsent: true });
	});

	it('any other failure is not hidden', async () => {
		await expect(
			removeIdempotently(async () => {
				throw apiError(403);
			}),
		).rejects.toThrow('HTTP 403');
	});

	it('builds the delete output from the selector', () => {
		expect(deletedOutput({ findBy: 'email', email: 'a@b.co' }, { alreadyAbsent: true })).toEqual({ deleted: false, alreadyAbsent: true, email: 'a@b.co' });
		expect(deletedOutput({ findBy: 'id', userId: '7' }, { alreadyAbsent: false })).toEqual({ deleted: true, alreadyAbsent: false, id: '7' });
	});
});

describe('runner: list operations', () => {
	function context(itemCount: number, continueOnFail: boolean): IExecuteFunctions {
		return {
			getInputData: () => Array.from({ length: itemCount }, (_, i) => ({ json: { i } })),
			continueOnFail: () => continueOnFail,
			getNode: () => node,
		} as unknown as IExecuteFunctions;
	}

	it('gives one output item per record, each paired with the input item that asked', async () => {
		const [output] = await runItems(
			context(3, true),
			{
				parse: (i) => i,
				execute: async (i) => {
					if (i === 1) throw new Error('boom');
					return Array.from({ length: i + 1 }, (_, n) => ({ from: i, n }));
				},
			},
			{ concurrency: 2 },
		);
		expect(output.map((item) => [item.json.from ?? 'error', item.pairedItem])).toEqual([
			[0, { item: 0 }],
			['error', { item: 1 }],
			[2, { item: 2 }],
			[2, { item: 2 }],
			[2, { item: 2 }],
		]);
		expect(output[1].json.error).toBe('Item 1: boom');
	});

	it('an item whose list is empty gives no output item', async () => {
		const [output] = await runItems(context(2, false), { parse: (i) => i, execute: async (i) => (i === 0 ? [] : [{ n: i }]) }, { concurrency: 1 });
		expect(output).toEqual([{ json: { n: 1 }, pairedItem: { item: 1 } }]);
	});
});
