import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * Reading a field mapped straight from the input, `{{ $json.email }}` or `{{ $json["First Name"] }}`
 * (what dragging a column from n8n's input panel writes), without n8n's expression engine.
 *
 * n8n resolves every expression in a fresh sandbox: a data proxy of the whole execution, a Luxon
 * clock with the workflow's time zone, the global context. That is 0.1 to 0.2 ms per field. A Sync
 * of 10,000 roster rows with five mapped fields spent most of its CPU there (a profile put 42 % of
 * the client's time in `resolveSimpleParameterValue`), more than the vendor's pages and writes.
 *
 * The shortcut gives exactly what n8n's `getNodeParameter` gives, or is not taken:
 * - only for a parameter at the top level (no `a.b` path) and without options (no `extractValue`,
 *   `ensureType`, `rawExpressions`);
 * - a fixed value (no `=`) is returned as it is stored, as n8n does;
 * - an expression is read directly only when it is exactly `={{ $json.<name> }}` or
 *   `={{ $json["<name>"] }}` / `={{ $json['<name>'] }}` (spaces inside the braces allowed), the
 *   item has that key of its own, and its value is text, a number, a boolean or null, which n8n
 *   returns unchanged from such an expression;
 * - a collection (Additional Fields, Options) is read this way when every entry it holds is;
 * - anything else (another expression, an object or a list, `$fromAI()` in the tool variant, a
 *   missing key, a validated type) goes to n8n's `getNodeParameter` untouched.
 *
 * `test/shared/parameters.test.ts` runs both readers over the same items in a real workflow and
 * compares them value for value.
 */

/** `={{ $json.name }}`, `={{ $json["name"] }}` or `={{ $json['name'] }}`: the item key it reads. */
const MAPPED = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\])\s*\}\}$/;

/** The item key a mapped-field expression reads, or undefined for any other value. */
export function mappedKey(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const match = MAPPED.exec(value);
	return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

const NOT_READ = Symbol('not read');

function isPlain(value: unknown): value is string | number | boolean | null {
	return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A stored value as n8n would resolve it for this item, or NOT_READ where only n8n can say. */
function resolved(stored: unknown, item: INodeExecutionData | undefined): unknown {
	if (typeof stored === 'string' && stored.startsWith('=')) {
		const key = mappedKey(stored);
		if (key === undefined || item === undefined || !Object.hasOwn(item.json, key)) return NOT_READ;
		const value = item.json[key];
		return isPlain(value) ? value : NOT_READ;
	}
	return isPlain(stored) ? stored : NOT_READ;
}

function isCollection(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The context an operation runs with: n8n's own, with a `getNodeParameter` that reads mapped
 * fields directly and hands everything else to n8n's, and a `getNode` that hands out one copy of
 * the node instead of a fresh one per call. Every other member is n8n's.
 */
export function withMappedFields(ctx: IExecuteFunctions): IExecuteFunctions {
	const node = ctx.getNode();
	// As an AI agent's tool, n8n feeds the node the model's arguments its own way: leave it all to n8n.
	if (node.type.endsWith('Tool')) return ctx;
	const parameters = node.parameters;
	// A node of one input reads `$json` from that input's items (n8n's connectionInputData).
	const items = ctx.getInputData();
	const viaN8n = ctx.getNodeParameter.bind(ctx) as (...args: unknown[]) => unknown;
	const read = (name: string, itemIndex: number, fallback?: unknown, options?: object): unknown => {
		if (options !== undefined || name.includes('.') || !Object.hasOwn(parameters, name)) return viaN8n(name, itemIndex, fallback, options);
		const stored = parameters[name];
		const item = items[itemIndex];
		if (isCollection(stored)) {
			const out: Record<string, unknown> = {};
			for (const [key, entry] of Object.entries(stored)) {
				const value = resolved(entry, item);
				if (value === NOT_READ) return viaN8n(name, itemIndex, fallback);
				out[key] = value;
			}
			return out;
		}
		const value = resolved(stored, item);
		return value === NOT_READ ? viaN8n(name, itemIndex, fallback) : value;
	};
	const fast = Object.create(ctx) as IExecuteFunctions;
	Object.defineProperty(fast, 'getNodeParameter', { value: read, enumerable: true });
	// n8n's getNode() deep-copies the node on every call (2-3 µs; a Sync of 10,000 rows asked for
	// it once per row, for the errors it might build). One copy serves the run: nothing of ours
	// changes it, and n8n's own copy stays untouched as before.
	Object.defineProperty(fast, 'getNode', { value: () => node, enumerable: true });
	return fast;
}
