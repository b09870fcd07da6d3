/**
 * The mapped-field reader (nodes/shared/parameters.ts) against n8n's own getNodeParameter, in a
 * real workflow run by n8n-core's WorkflowExecute: a probe node reads every parameter of every
 * item both ways and outputs both. They must agree value for value (or fail with the same message),
 * and the shortcut must really be taken for a dragged-in column with a plain value.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { mappedKey, withMappedFields } from '../../nodes/shared/parameters';
import type { LoadedPackage } from '../harness/package';
import { builtPackage, runNode } from '../harness/workflow';

/** Items as n8n's nodes send them: text, blanks, numbers, booleans, null, a missing key, objects, lists. */
const ITEMS: IDataObject[] = [
	{ email: 'ada@example.com', 'First Name': 'Ada', n: 42, flag: true, empty: '', nothing: null, nested: { a: 1 }, list: ['x', 'y'] },
	{ email: '  Bob@Example.com ', 'First Name': '', n: 0, flag: false, empty: '   ', nothing: null, nested: {}, list: [] },
	{ email: '=not an expression', 'First Name': "O'Brien \"Jr\"", n: -1.5, flag: 'TRUE', empty: '0', nested: null, list: null },
	{ email: 1e21, 'First Name': 123, n: '007', flag: 1, nested: 'text', list: 'a,b' },
	{},
];

/** Stored parameter values: the mappings a user drags in, and everything the shortcut must leave to n8n. */
const STORED: Record<string, unknown> = {
	dotted: '={{ $json.email }}',
	tight: '={{$json.email}}',
	doubleQuoted: '={{ $json["First Name"] }}',
	singleQuoted: "={{ $json['First Name'] }}",
	number: '={{ $json.n }}',
	boolean: '={{ $json.flag }}',
	blank: '={{ $json.empty }}',
	nullValue: '={{ $json.nothing }}',
	missing: '={{ $json.notThere }}',
	object: '={{ $json.nested }}',
	array: '={{ $json.list }}',
	prototypeKey: '={{ $json.constructor }}',
	trailingSpace: '={{ $json.email }} ',
	twoParts: '={{ $json.email }}{{ $json.n }}',
	method: '={{ $json.email.trim() }}',
	otherItem: "={{ $('Create User').item.json.email }}",
	itemVariable: '={{ $json.email + "" }}',
	literal: '=just text',
	fixedText: 'plain text',
	fixedEmpty: '',
	fixedNumber: 7,
	fixedBoolean: true,
	collection: { title: '={{ $json["First Name"] }}', phone: '={{ $json.n }}', fixed: 'x', on: false },
	collectionWithObject: { title: '={{ $json.email }}', other: '={{ $json.nested }}' },
	collectionWithOther: { title: '={{ $json.email }}', other: '={{ $json.email.toUpperCase() }}' },
	emptyCollection: {},
};

function property(name: string, stored: unknown): INodeProperties {
	if (typeof stored === 'object' && stored !== null) {
		const options = Object.entries(stored).map(([key, value]) => ({
			displayName: key,
			name: key,
			type: typeof value === 'boolean' ? ('boolean' as const) : ('string' as const),
			default: typeof value === 'boolean' ? false : '',
		}));
		return { displayName: name, name, type: 'collection', default: {}, options };
	}
	const type = typeof stored === 'number' ? 'number' : typeof stored === 'boolean' ? 'boolean' : 'string';
	return { displayName: name, name, type, default: type === 'number' ? 0 : type === 'boolean' ? false : '' };
}

interface Read {
	value?: unknown;
	error?: string;
}

function readWith(read: () => unknown): Read {
	try {
		return { value: read() };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

class Probe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'Reads every parameter both ways',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		properties: Object.entries(STORED).map(([name, stored]) => property(name, stored)),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let viaN8n = 0;
		const counted = Object.create(this) as IExecuteFunctions;
		const n8nRead = this.getNodeParameter.bind(this) as (...args: unknown[]) => unknown;
		Object.defineProperty(counted, 'getNodeParameter', {
			value: (...args: unknown[]) => {
				viaN8n += 1;
				return n8nRead(...args);
			},
		});
		const fast = withMappedFields(counted);
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			for (const name of Object.keys(STORED)) {
				const n8n = readWith(() => n8nRead(name, i, undefined));
				viaN8n = 0;
				const ours = readWith(() => fast.getNodeParameter(name, i, undefined));
				out.push({ json: { item: i, name, n8n: n8n as IDataObject, ours: ours as IDataObject, viaN8n }, pairedItem: { item: i } });
			}
		}
		// getNode: the node as n8n gives it, one copy for the run (n8n's own is a fresh copy per call).
		out.push({
			json: {
				getNode: {
					sameAsN8n: JSON.stringify(fast.getNode()) === JSON.stringify(this.getNode()),
					oneCopy: fast.getNode() === fast.getNode(),
					n8nFresh: this.getNode() !== this.getNode(),
				},
			},
			pairedItem: { item: 0 },
		});
		return [out];
	}
}

async function probePackage(): Promise<LoadedPackage> {
	const pkg = await builtPackage();
	const probe = new Probe();
	return {
		...pkg,
		nodeTypes: {
			getByName: (name) => (name === 'test.probe' ? probe : pkg.nodeTypes.getByName(name)),
			getByNameAndVersion: (name, version) => (name === 'test.probe' ? NodeHelpers.getVersionedNodeType(probe, version) : pkg.nodeTypes.getByNameAndVersion(name, version)),
			getKnownTypes: () => pkg.nodeTypes.getKnownTypes(),
		},
	};
}

describe('reading mapped fields without the expression engine', () => {
	let rows: IDataObject[];
	let getNode: IDataObject;

	beforeAll(async () => {
		const run = await runNode({
			node: 'probe',
			nodeType: { name: 'test.probe', version: 1 },
			pkg: await probePackage(),
			parameters: STORED as never,
			items: ITEMS,
			credentials: { id: 'none', type: 'none' },
		});
		expect(run.error).toBeUndefined();
		rows = (run.items ?? []).map((item) => item.json);
		getNode = rows.pop()!.getNode as IDataObject;
		expect(rows).toHaveLength(ITEMS.length * Object.keys(STORED).length);
	});

	it('hands out the node n8n gives, one copy for the run instead of a fresh one per call', () => {
		expect(getNode).toEqual({ sameAsN8n: true, oneCopy: true, n8nFresh: true });
	});

	it('gives what n8n gives, for every parameter of every item', () => {
		const same = (a: Read, b: Read) => a.error === b.error && (typeof a.value === 'object' ? JSON.stringify(a.value) === JSON.stringify(b.value) : Object.is(a.value, b.value));
		const differences = rows.filter((row) => !same(row.n8n as Read, row.ours as Read));
		expect(differences).toEqual([]);
	});

	it('reads a dragged-in column with a plain value, and fixed values, without n8n', () => {
		const direct = (name: string, item: number) => rows.find((row) => row.name === name && row.item === item)!.viaN8n;
		for (const name of ['dotted', 'tight', 'doubleQuoted', 'singleQuoted', 'number', 'boolean', 'blank', 'nullValue', 'literal', 'fixedText', 'fixedEmpty', 'fixedNumber', 'fixedBoolean'] as const) {
			// `literal` (`=just text`) is an expression only n8n resolves; the rest are read directly.
			expect([name, direct(name, 0)]).toEqual([name, name === 'literal' ? 1 : 0]);
		}
		expect(direct('collection', 0)).toBe(0);
		expect(direct('emptyCollection', 0)).toBe(0);
	});

	it('leaves everything else to n8n', () => {
		const viaN8n = (name: string, item: number) => rows.find((row) => row.name === name && row.item === item)!.viaN8n;
		for (const name of ['missing', 'object', 'array', 'prototypeKey', 'trailingSpace', 'twoParts', 'method', 'otherItem', 'itemVariable', 'collectionWithObject', 'collectionWithOther']) {
			expect([name, viaN8n(name, 0)]).toEqual([name, 1]);
		}
		// The same mapping with a value that is not plain (item 0's list, item 4's missing key) goes to n8n too.
		expect(viaN8n('dotted', 4)).toBe(1);
	});

	it('knows the mappings n8n writes for a dragged-in column, and only those', () => {
		expect(mappedKey('={{ $json.email }}')).toBe('email');
		expect(mappedKey('={{ $json["First Name"] }}')).toBe('First Name');
		expect(mappedKey("={{ $json['a.b'] }}")).toBe('a.b');
		expect(mappedKey('={{ $json.a.b }}')).toBeUndefined();
		expect(mappedKey('{{ $json.email }}')).toBeUndefined();
		expect(mappedKey('={{ $json["a\\"b"] }}')).toBeUndefined();
		expect(mappedKey('={{ $json.email }};')).toBeUndefined();
		expect(mappedKey(5)).toBeUndefined();
	});
});
