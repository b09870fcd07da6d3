/**
 * OpsRamp's reference data as the sandbox knows it (roles, user groups, time zones, countries),
 * and the checks and stored form of a user body that Create and Update User share.
 */
import type { SandboxResponse } from './toolkit';

export const ROLES = [
	{ id: 4, name: 'Client Administrator', description: 'Full control of the client' },
	{ id: 5, name: 'Client User', description: 'Read-only access' },
	{ id: 6, name: 'Customer' },
	{ id: 9, name: 'End User View' },
	{ id: 10, name: 'ACS Client Administrator' },
];

export const USER_GROUPS = [
	{ uniqueId: 'USRGRP-13cfc012-bb01-bbe3-6ed9-c46a192d0567', name: 'Implementation Team', description: 'Rollouts' },
	{ uniqueId: 'USRGRP-ab5afe06-0cca-9b8f-6053-357531f7d9ff', name: 'Architecture Department' },
	{ uniqueId: 'USRGRP-5f0d2c2e-2f4b-4c4e-9a53-0c1f6f1d7c11', name: 'Lab Escalation Users' },
];

export const TIMEZONES = [
	{ id: '7', name: 'America/New_York', label: 'GMT -05:00 Eastern', code: 'EST' },
	{ id: '12', name: 'Europe/Istanbul', label: 'GMT +03:00 Istanbul', code: 'TRT' },
	{ id: '31', name: 'Asia/Kolkata', label: 'GMT +05:30 India', code: 'IST' },
];

export const COUNTRIES = [{ name: 'United States', code: 'US' }, { name: 'India', code: 'IN' }, { name: 'Turkey', code: 'TR' }];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function bad(message: string, code = '0001'): SandboxResponse {
	return { status: 400, body: { code, message } };
}

/** A create needs the four fields; an update checks only the fields it sends. */
export function validateUser(body: Record<string, any>, update = false): SandboxResponse | undefined {
	for (const field of ['loginName', 'firstName', 'lastName', 'email']) {
		if (update && body[field] === undefined) continue;
		if (typeof body[field] !== 'string' || !body[field].trim()) return bad(`${field} is required`);
	}
	if (body.email !== undefined && !EMAIL.test(body.email)) return bad('Invalid email address');
	if (body.altEmail !== undefined && !EMAIL.test(body.altEmail)) return bad('Invalid alternate email address');
	if (body.password !== undefined) {
		const p = String(body.password);
		if (p.length < 7 || !/[0-9]/.test(p) || !/[^A-Za-z0-9\s]/.test(p) || !/[a-z]/.test(p) || !/[A-Z]/.test(p)) {
			return bad('Password does not meet the password policy');
		}
	}
	if (body.userAccountType !== undefined && !['REGULAR', 'BUSINESS'].includes(body.userAccountType)) return bad('Invalid userAccountType');
	if (body.userGroupType !== undefined && !['ALL', 'NONE'].includes(body.userGroupType)) return bad('Invalid userGroupType');
	if (body.userGroupType !== undefined && Array.isArray(body.userGroups) && body.userGroups.length) {
		return bad('userGroups cannot be given with userGroupType ALL or NONE');
	}
	const access: unknown[] = Array.isArray(body.userAccessTypes) ? body.userAccessTypes : [];
	if (access.some((a) => !['NOTIFICATION_USER', 'API_USER', 'PORTAL_USER'].includes(String(a)))) return bad('Invalid userAccessTypes');
	if (access.includes('NOTIFICATION_USER') && (access.includes('API_USER') || access.includes('PORTAL_USER'))) {
		return bad('Notification users can not be API or PORTAL users');
	}
	for (const role of body.roles ?? []) {
		if (!ROLES.some((known) => known.name === role?.name)) return bad(`Role not found: ${role?.name}`);
	}
	for (const group of body.userGroups ?? []) {
		if (!USER_GROUPS.some((known) => known.name === group?.name)) return bad(`User group not found: ${group?.name}`);
	}
	return undefined;
}

/** The stored form of body fields: no password, roles with ids, groups with uniqueIds, the time zone in full. */
export function expandUser(body: Record<string, any>): Record<string, unknown> {
	const { password: _password, ...fields } = body;
	const out: Record<string, unknown> = { ...fields };
	if (body.roles) out.roles = body.roles.map((role: { name: string }) => ROLES.find((known) => known.name === role.name)!).map(({ id, name }: { id: number; name: string }) => ({ id, name }));
	if (body.userGroups) {
		out.userGroups = body.userGroups.map((group: { name: string }) => USER_GROUPS.find((known) => known.name === group.name)!).map(({ uniqueId, name }: { uniqueId: string; name: string }) => ({ uniqueId, name }));
	}
	if (body.timeZone) {
		const zone =
			TIMEZONES.find((z) => z.code === body.timeZone.code && (!body.timeZone.name || z.name === body.timeZone.name)) ??
			TIMEZONES.find((z) => z.name === body.timeZone.name) ??
			TIMEZONES.find((z) => z.code === body.timeZone.code);
		if (zone) out.timeZone = zone;
		else delete out.timeZone;
	}
	return out;
}
