import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { ApiSession, VendorApi } from '../shared/transport';

/** Every user call goes to this path; the body's `action` says what to do. */
export const USER_PATH = '/0.1.0/user';

/** Group calls: list groups, add a user to a group or take them out (https://developer.luzmo.com/api/searchGroup). */
export const GROUP_PATH = '/0.1.0/group';

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/** The API host: the Region option's value, or the custom host for a VPC. */
function host(credentials: ICredentialDataDecryptedObject): string {
	const region = String(credentials.region ?? 'https://api.luzmo.com');
	return (region === 'custom' ? String(credentials.customHost ?? '') : region).trim();
}

interface LuzmoErrorBody {
	type?: { code?: unknown; description?: unknown };
	message?: unknown;
	validation?: unknown;
}

/** "field: message, message" for each entry of Luzmo's optional `validation` object. */
function validationDetails(validation: unknown): string[] {
	if (!validation || typeof validation !== 'object' || Array.isArray(validation)) return [];
	return Object.entries(validation as Record<string, unknown>).map(([field, messages]) => {
		const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
		return `${field}: ${list.join(', ')}`;
	});
}

/** Luzmo's API: https://developer.luzmo.com/guide/api--connect */
export const luzmoApi: VendorApi = {
	name: 'Luzmo',
	credentialType: 'luzmoApi',
	baseUrl: host,
	secretFields: ['apiKey', 'apiToken'],
	// Luzmo creates a brand-new organization for a create sent without a token: never send one.
	credentialProblem: (credentials) => {
		if (isBlank(credentials.apiKey) || isBlank(credentials.apiToken)) {
			return 'The Luzmo credential has an empty API key or API token. Luzmo would put a user created without them in a brand-new organization instead of yours, so nothing was sent.';
		}
		if (!/^https?:\/\/[^\s/]+/i.test(host(credentials))) {
			return 'The Luzmo credential\'s Custom Host must be a URL with its scheme, e.g. https://api.myvpc.luzmo.com.';
		}
		return undefined;
	},
	// Errors come as { type: { code, description }, message }, sometimes with
	// validation: { field: [messages] }; an unknown route answers in plain text (read by the transport).
	readErrorMessage: (body) => {
		if (!body || typeof body !== 'object') return undefined;
		const { message, type, validation } = body as LuzmoErrorBody;
		const main =
			typeof message === 'string' && message.trim()
				? message.trim()
				: typeof type?.description === 'string' && type.description
					? type.description
					: undefined;
		const details = validationDetails(validation);
		if (!details.length) return main;
		return `${main ?? 'Validation failed'} (${details.join('; ')})`;
	},
	// 10 requests per second per token, bursts up to 200, then a 429 without Retry-After.
	clientRateLimit: { perSecond: 10, burst: 200 },
	hints: {
		401: 'Check the API key, API token and region of the Luzmo credential: a key-token pair only works in the region it was issued for.',
		403: 'The key-token pair must belong to an owner of the organization the user should join.',
	},
};

export interface LuzmoUser extends IDataObject {
	id: string;
	email: string;
}

/** What `action: "get"` answers: `{ count, rows }`, count being all matches, not only this page. */
export interface LuzmoList<Row> {
	count?: number;
	rows: Row[];
}

/**
 * One `action: "get"` on a resource with a `find` (where, include, limit, offset, order: Sequelize's
 * vocabulary, https://developer.luzmo.com/api/searchGroup). A read: safe to repeat.
 */
export async function luzmoGet<Row extends IDataObject = IDataObject>(
	session: ApiSession,
	path: string,
	find: IDataObject,
	itemIndex: number,
): Promise<LuzmoList<Row>> {
	const answer = await session.request<{ count?: unknown; rows?: unknown } | undefined>(
		{ method: 'POST', path, body: { action: 'get', find }, idempotent: true },
		itemIndex,
	);
	const rows = Array.isArray(answer?.rows) ? (answer.rows.filter((row) => row && typeof row === 'object') as Row[]) : [];
	return { rows, count: typeof answer?.count === 'number' ? answer.count : undefined };
}
