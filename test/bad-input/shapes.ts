/**
 * The documented shape of each vendor's create request (shared/vendors/*.md), checked on what the
 * sandbox received. Written from the documents, not from the nodes' schemas, so a request the
 * node should not have sent shows here even when the sandbox would take it.
 */
import type { SandboxRequest } from '../sandbox/toolkit';

type Body = Record<string, unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown) => typeof value === 'string';
const isFilledText = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const isStrings = (value: unknown) => Array.isArray(value) && value.every(isText);

function problems(body: unknown, rules: Record<string, (value: unknown) => boolean>, required: string[]): string[] {
	if (!isObject(body)) return [`body is not a JSON object: ${JSON.stringify(body)?.slice(0, 80)}`];
	const found: string[] = [];
	for (const key of required) if (!(key in body)) found.push(`${key} is missing`);
	for (const [key, value] of Object.entries(body)) {
		const rule = rules[key];
		if (!rule) found.push(`${key} is not a documented field`);
		else if (!rule(value)) found.push(`${key} has the wrong shape: ${JSON.stringify(value)?.slice(0, 80)}`);
	}
	return found;
}

const LUZMO_PROPERTIES: Record<string, (value: unknown) => boolean> = {
	email: (v) => isText(v) && EMAIL.test(v as string),
	...Object.fromEntries(
		['name', 'city', 'phone', 'theme', 'role', 'suborganization', 'campaign', 'timezone_id', 'onboarding_integration_progress'].map((key) => [key, isText]),
	),
	...Object.fromEntries(
		['warp_notifications', 'show_formula_tutorial', 'show_dashboard_templates', 'onboarding_menu_visible', 'onboarding_editor_active'].map((key) => [key, (v: unknown) => typeof v === 'boolean']),
	),
	onboarding_editor_progress: (v) => typeof v === 'number' && Number.isFinite(v),
	onboarding_embedded_editor_progress: (v) => typeof v === 'number' && Number.isFinite(v),
	collection_order: isStrings,
	feature_overrides: isStrings,
	company: (v) => isObject(v) && Object.values(v).every(isText),
	account_overrides: isObject,
};

/** `{ action: "create", version, key, token, properties }` to /0.1.0/user. */
export function luzmoShape(request: SandboxRequest, credential: { key: string; token: string }): string[] {
	const body = request.body as Body;
	const found: string[] = [];
	if (request.path !== '/0.1.0/user') found.push(`path ${request.path}`);
	if (body?.action !== 'create' || body?.version !== '0.1.0') found.push('action or version is wrong');
	if (body?.key !== credential.key || body?.token !== credential.token) found.push('key or token is not the credential\'s');
	const extra = Object.keys(body ?? {}).filter((key) => !['action', 'version', 'key', 'token', 'properties'].includes(key));
	if (extra.length) found.push(`undocumented top-level keys: ${extra.join(', ')}`);
	return [...found, ...problems(body?.properties, LUZMO_PROPERTIES, ['email']).map((p) => `properties.${p}`)];
}

const DOMO_ROLES = ['Admin', 'Privileged', 'Participant'];

/** POST /v1/users?sendInvite=<true|false> with the documented body. */
export function domoShape(request: SandboxRequest): string[] {
	const found: string[] = [];
	if (!['true', 'false'].includes(request.query.sendInvite)) found.push(`sendInvite is ${JSON.stringify(request.query.sendInvite)}`);
	if (!/^bearer \S+$/i.test(String(request.headers.authorization ?? ''))) found.push('no bearer token');
	return [
		...found,
		...problems(
			request.body,
			{
				name: isFilledText,
				email: (v) => isText(v) && EMAIL.test(v as string),
				role: (v) => DOMO_ROLES.includes(v as string),
				title: isText,
				alternateEmail: (v) => isText(v) && EMAIL.test(v as string),
				phone: isText,
				location: isText,
				timezone: isText,
				locale: isText,
				employeeNumber: (v) => Number.isInteger(v) && (v as number) >= 0,
			},
			['name', 'email', 'role'],
		),
	];
}

const PASSWORD_RULES = [/.{7,}/, /[0-9]/, /[^A-Za-z0-9\s]/, /[a-z]/, /[A-Z]/];
const ACCESS = ['NOTIFICATION_USER', 'API_USER', 'PORTAL_USER'];

/** POST /api/v2/tenants/{tenantId}/users with the documented fields and rules. */
export function opsRampShape(request: SandboxRequest): string[] {
	const body = request.body as Body;
	const named = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((entry) => isObject(entry) && Object.keys(entry).join() === 'name' && isFilledText(entry.name));
	const found = problems(
		body,
		{
			loginName: isFilledText,
			firstName: isFilledText,
			lastName: isFilledText,
			email: (v) => isText(v) && EMAIL.test(v as string),
			password: (v) => isText(v) && PASSWORD_RULES.every((rule) => rule.test(v as string)),
			changePassword: (v) => typeof v === 'boolean',
			...Object.fromEntries(['designation', 'address', 'city', 'state', 'zip', 'country', 'phoneNumber', 'mobileNumber'].map((key) => [key, isFilledText])),
			altEmail: (v) => isText(v) && EMAIL.test(v as string),
			timeZone: (v) => isObject(v) && Object.keys(v).length > 0 && Object.entries(v).every(([key, value]) => ['code', 'name'].includes(key) && isFilledText(value)),
			userNotifications: (v) =>
				Array.isArray(v) &&
				v.every(
					(entry) =>
						isObject(entry) &&
						isFilledText(entry.notifyType) &&
						isFilledText(entry.notifyMethod) &&
						typeof entry.notifyRecurringReport === 'boolean' &&
						(entry.notifyInputType === undefined || isFilledText(entry.notifyInputType)),
				),
			roles: named,
			userGroups: named,
			userGroupType: (v) => v === 'ALL' || v === 'NONE',
			userAccountType: (v) => v === 'REGULAR' || v === 'BUSINESS',
			userAccessTypes: (v) => Array.isArray(v) && v.every((entry) => ACCESS.includes(entry as string)),
		},
		['loginName', 'firstName', 'lastName', 'email'],
	);
	if (!/^\/api\/v2\/tenants\/[A-Za-z0-9_-]+\/users$/.test(request.path)) found.push(`path ${request.path}`);
	const access = Array.isArray(body?.userAccessTypes) ? (body.userAccessTypes as string[]) : [];
	if (access.includes('NOTIFICATION_USER') && access.length > 1) found.push('a notification user is also an API or portal user');
	if (body?.userGroupType !== undefined && body?.userGroups !== undefined) found.push('userGroups sent with userGroupType');
	return found;
}

/** POST /api/users with name, email, role, and optionally status and account_id. */
export function garmatShape(request: SandboxRequest): string[] {
	return problems(
		request.body,
		{
			name: isFilledText,
			email: (v) => isText(v) && EMAIL.test(v as string),
			role: (v) => v === 'customer_read_only' || v === 'customer_admin',
			status: (v) => v === 'active' || v === 'deactivated',
			account_id: isFilledText,
		},
		['name', 'email', 'role'],
	);
}
