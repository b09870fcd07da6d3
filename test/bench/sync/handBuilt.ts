/**
 * The sync a user builds by hand with n8n's own nodes, as n8n's published templates do:
 *
 *   Roster ─┬──────────────────────────────► Compare Datasets (A: roster, B: directory, by email)
 *           └► List Users (HTTP Request, Pagination, Execute Once) ─► [Split Out] ─┘
 *   Compare Datasets: In A only ► Create (HTTP Request) · Different ► Update (HTTP Request)
 *                     In B only ► Remove (HTTP Request) · Same ► nothing
 *
 * Compare Datasets compares only the roster's fields (Fuzzy Compare compares the keys of input A) and, for a difference, outputs
 * the directory's user with the roster's changed field (Mix, prefer input B except that field), so
 * Update has the user's ID and every field a PUT needs. Writes go in batches of Concurrency, one
 * batch per latency or slower under the vendor's limit, as the compare section sizes them. Nothing
 * here guards against a truncated roster: In B only is removed whatever its size.
 */
import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { Batching, Target, VendorName } from '../vendors';
import { batching, HTTP_REQUEST_VERSION, PROFILES } from '../vendors';
import { CHANGED_FIELD } from './scenario';

export interface HandBuiltFlow {
	nodes: INode[];
	connections: IConnections;
	/** Credentials as the HTTP Request nodes name them: id, type, data. */
	credential: { id: string; type: string; data: IDataObject };
	/** The node names whose output items are the writes' answers, by action. */
	writers: { created: string; updated: string; removed: string };
}

interface VendorFlow {
	/** The list request and how its pages are followed. */
	list: INodeParameters;
	/** Field of each page's body that holds the users, when the body is not the array itself. */
	splitOut?: string;
	create: INodeParameters;
	update: INodeParameters;
	remove: INodeParameters;
}

const json = (fields: Record<string, string>) => `={ ${Object.entries(fields).map(([key, value]) => `"${key}": ${value}`).join(', ')} }`;

function auth(vendor: VendorName): INodeParameters {
	if (vendor === 'luzmo') return { authentication: 'genericCredentialType', genericAuthType: 'httpCustomAuth' };
	return { authentication: 'predefinedCredentialType', nodeCredentialType: `${vendor === 'opsramp' ? 'opsRamp' : vendor}Api` };
}

function pages(parameters: Array<{ type: string; name: string; value: string }>, complete: string, intervalMs: number): INodeParameters {
	return {
		pagination: {
			pagination: {
				paginationMode: 'updateAParameterInEachRequest',
				parameters: { parameters },
				paginationCompleteWhen: 'other',
				completeExpression: complete,
				limitPagesFetched: false,
				requestInterval: intervalMs,
			},
		},
	};
}

function vendorFlow(vendor: VendorName, url: string, pageIntervalMs: number): VendorFlow {
	switch (vendor) {
		case 'garmat':
			return {
				list: {
					method: 'GET',
					url: `${url}/api/users`,
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'limit', value: '100' }] },
					options: pages([{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }], '={{ $response.body.page >= $response.body.pages || $response.body.data.length === 0 }}', pageIntervalMs),
				},
				splitOut: 'data',
				create: { method: 'POST', url: `${url}/api/users`, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json({ name: '"{{ $json.name }}"', email: '"{{ $json.email }}"', role: '"customer_read_only"' }) },
				update: { method: 'PUT', url: `=${url}/api/users/{{ $json.id }}`, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json({ name: '"{{ $json.name }}"', email: '"{{ $json.email }}"', role: '"{{ $json.role }}"', status: '"{{ $json.status }}"' }) },
				remove: { method: 'PUT', url: `=${url}/api/users/{{ $json.id }}`, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json({ name: '"{{ $json.name }}"', email: '"{{ $json.email }}"', role: '"{{ $json.role }}"', status: '"deactivated"' }) },
			};
		case 'domo':
			return {
				list: {
					method: 'GET',
					url: `${url}/v1/users`,
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'limit', value: '500' }] },
					options: pages([{ type: 'qs', name: 'offset', value: '={{ $pageCount * 500 }}' }], '={{ $response.body.length < 500 }}', pageIntervalMs),
				},
				create: { method: 'POST', url: `${url}/v1/users`, sendQuery: true, queryParameters: { parameters: [{ name: 'sendInvite', value: 'false' }] }, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json({ name: '"{{ $json.name }}"', email: '"{{ $json.email }}"', role: '"Participant"' }) },
				// Domo's PUT wants every field: the directory's user, with the roster's name mixed in.
				update: { method: 'PUT', url: `=${url}/v1/users/{{ $json.id }}`, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json({ name: '"{{ $json.name }}"', email: '"{{ $json.email }}"', role: '"{{ $json.role }}"' }) },
				remove: { method: 'DELETE', url: `=${url}/v1/users/{{ $json.id }}` },
			};
		case 'opsramp': {
			const tenant = `${url}/api/v2/tenants/client_16`;
			return {
				list: {
					method: 'GET',
					url: `${tenant}/users/search`,
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'pageSize', value: '100' }] },
					options: pages([{ type: 'qs', name: 'pageNo', value: '={{ $pageCount + 1 }}' }], '={{ !$response.body.nextPage }}', pageIntervalMs),
				},
				splitOut: 'results',
				create: { method: 'POST', url: `${tenant}/users`, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json({ loginName: '"{{ $json.loginName }}"', firstName: '"{{ $json.firstName }}"', lastName: '"{{ $json.lastName }}"', email: '"{{ $json.email }}"' }) },
				update: { method: 'POST', url: `=${tenant}/users/{{ $json.id }}`, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json({ firstName: '"{{ $json.firstName }}"', lastName: '"{{ $json.lastName }}"' }) },
				remove: { method: 'POST', url: `=${tenant}/users/{{ $json.id }}/TERMINATE`, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: '={ "maskType": "FULL" }' },
			};
		}
		case 'luzmo':
			// Luzmo reads with POST action "get"; the page's offset goes in the body's find.
			return {
				list: {
					method: 'POST',
					url: `${url}/0.1.0/user`,
					sendBody: true,
					contentType: 'json',
					specifyBody: 'json',
					jsonBody: '{ "action": "get" }',
					options: pages(
						[{ type: 'body', name: 'find', value: '={{ { limit: 100, offset: $pageCount * 100, order: [["created_at", "asc"], ["id", "asc"]] } }}' }],
						'={{ $response.body.rows.length < 100 }}',
						pageIntervalMs,
					),
				},
				splitOut: 'rows',
				create: { method: 'POST', url: `${url}/0.1.0/user`, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json({ action: '"create"', properties: '{ "email": "{{ $json.email }}", "name": "{{ $json.name }}" }' }) },
				update: { method: 'POST', url: `${url}/0.1.0/user`, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json({ action: '"update"', id: '"{{ $json.id }}"', properties: '{ "name": "{{ $json.name }}" }' }) },
				remove: { method: 'POST', url: `${url}/0.1.0/user`, sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json({ action: '"delete"', id: '"{{ $json.id }}"' }) },
			};
	}
}

export const HAND_BUILT_VENDORS: VendorName[] = ['luzmo', 'domo', 'opsramp', 'garmat'];

export function handBuiltFlow(vendor: VendorName, target: Target, write: Batching, pageIntervalMs: number): HandBuiltFlow {
	const profile = PROFILES[vendor];
	// The HTTP Request profile already holds the vendor's credential as a user would pick it.
	const credential = profile.http(target, write).credentials as unknown as HandBuiltFlow['credential'];
	const flow = vendorFlow(vendor, target.url, pageIntervalMs);
	const http = (name: string, x: number, y: number, parameters: INodeParameters, extra: Partial<INode> = {}): INode => ({
		id: name,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_VERSION,
		position: [x, y],
		parameters: { ...auth(vendor), ...parameters, options: { ...((parameters.options as IDataObject) ?? {}), ...('pagination' in ((parameters.options as IDataObject) ?? {}) ? {} : batching(write)) } as INodeParameters },
		credentials: { [credential.type]: { id: credential.id, name: 'Sandbox' } },
		...extra,
	});
	const field = CHANGED_FIELD[vendor];
	const nodes: INode[] = [
		{ id: 'roster', name: 'Roster', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} },
		http('List Users', 250, 200, flow.list, { executeOnce: true }),
		...(flow.splitOut ? [{ id: 'split', name: 'One Item per User', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [500, 200], parameters: { fieldToSplitOut: flow.splitOut, options: {} } } as INode] : []),
		{
			id: 'compare',
			name: 'Compare Datasets',
			type: 'n8n-nodes-base.compareDatasets',
			typeVersion: 2.3,
			position: [750, 0],
			parameters: {
				mergeByFields: { values: [{ field1: 'email', field2: 'email' }] },
				resolve: 'mix',
				preferWhenMix: 'input2',
				exceptWhenMix: field,
				// Compares the roster's fields only (what A has), which is what a sync needs.
				fuzzyCompare: true,
				options: {},
			},
		},
		http('Create', 1000, -200, flow.create),
		http('Update', 1000, 0, flow.update),
		http('Remove', 1000, 200, flow.remove),
	];
	const to = (node: string, index = 0) => [{ node, type: 'main' as const, index }];
	const connections: IConnections = {
		Roster: { main: [[...to('Compare Datasets', 0), ...to('List Users')]] },
		'List Users': { main: [flow.splitOut ? to('One Item per User') : to('Compare Datasets', 1)] },
		...(flow.splitOut ? { 'One Item per User': { main: [to('Compare Datasets', 1)] } } : {}),
		'Compare Datasets': { main: [to('Create'), [], to('Update'), to('Remove')] },
	};
	return { nodes, connections, credential, writers: { created: 'Create', updated: 'Update', removed: 'Remove' } };
}
