/**
 * Dropdowns loaded from the tenant, from the APIs the Create User page names. Their paths are
 * assumed from OpsRamp's published v2 reference (opsramp/openapi-specs) and HPE's Terraform
 * provider, not from the seed document:
 * - Search Roles: GET /api/v2/tenants/{tenantId}/roles/search, paged under `results`;
 * - Search User Groups: GET /api/v2/tenants/{tenantId}/userGroups, paged under `results`
 *   (HPE's client reads a bare list: both shapes are accepted);
 * - Get Timezones: GET /api/v2/cfg/timezones, a list of { id, name, label, code };
 * - Get Countries: GET /api/v2/cfg/countries, a list of { name, ... }.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectPages } from '../../shared/pager';
import { ApiSession } from '../../shared/transport';
import { opsRampApi, tenantPath } from '../transport';

type Entry = Record<string, unknown>;

const PAGE_SIZE = 100;

function tenantOf(ctx: ILoadOptionsFunctions, what: string): string {
	const value = ctx.getCurrentNodeParameter('tenantId') ?? ctx.getNodeParameter('tenantId', '');
	const tenantId = typeof value === 'string' ? value.trim() : '';
	if (!tenantId || tenantId.startsWith('=')) {
		throw new NodeOperationError(ctx.getNode(), `Enter a fixed Tenant ID to load the ${what}`, {
			description: `The ${what} are read from the tenant. With a Tenant ID given by an expression, enter the names with an expression too.`,
		});
	}
	return tenantId;
}

function entriesOf(answer: unknown): Entry[] {
	const list = Array.isArray(answer) ? answer : (answer as { results?: unknown } | undefined)?.results;
	return Array.isArray(list) ? list.filter((entry): entry is Entry => Boolean(entry) && typeof entry === 'object') : [];
}

async function readPaged(session: ApiSession, path: string): Promise<Entry[]> {
	return await collectPages<Entry>({ returnAll: true, limit: 0, maxPageSize: PAGE_SIZE }, async ({ index, size }) => {
		const answer = await session.request({ method: 'GET', path, qs: { pageNo: index + 1, pageSize: size }, idempotent: true }, 0);
		return { items: entriesOf(answer), last: Array.isArray(answer) || !(answer as { nextPage?: unknown }).nextPage };
	});
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Options named and valued by `name`, sorted by name, without duplicates. */
function byName(entries: Entry[], describe?: (entry: Entry) => string | undefined): INodePropertyOptions[] {
	const seen = new Set<string>();
	const options: INodePropertyOptions[] = [];
	for (const entry of entries) {
		const name = text(entry.name);
		if (!name || seen.has(name)) continue;
		seen.add(name);
		const description = describe?.(entry);
		options.push({ name, value: name, ...(description ? { description } : {}) });
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getRoles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const tenantId = tenantOf(this, 'roles');
	const session = await ApiSession.open(this, opsRampApi);
	return byName(await readPaged(session, `${tenantPath(tenantId)}/roles/search`), (role) => text(role.description));
}

export async function getUserGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const tenantId = tenantOf(this, 'user groups');
	const session = await ApiSession.open(this, opsRampApi);
	return byName(await readPaged(session, `${tenantPath(tenantId)}/userGroups`), (group) => text(group.description));
}

/** The user groups valued by uniqueId (USRGRP-...), for Add to Group and Remove from Group. */
export async function getUserGroupIds(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const tenantId = tenantOf(this, 'user groups');
	const session = await ApiSession.open(this, opsRampApi);
	const options: INodePropertyOptions[] = [];
	for (const group of await readPaged(session, `${tenantPath(tenantId)}/userGroups`)) {
		const id = text(group.uniqueId);
		if (id) options.push({ name: text(group.name) ?? id, value: id, description: text(group.description) ?? id });
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getTimezones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const session = await ApiSession.open(this, opsRampApi);
	const entries = entriesOf(await session.request({ method: 'GET', path: '/api/v2/cfg/timezones', idempotent: true }, 0));
	return byName(entries, (zone) => [text(zone.label), text(zone.code) && `code ${text(zone.code)}`].filter(Boolean).join(', ') || undefined);
}

export async function getCountries(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const session = await ApiSession.open(this, opsRampApi);
	return byName(entriesOf(await session.request({ method: 'GET', path: '/api/v2/cfg/countries', idempotent: true }, 0)));
}
