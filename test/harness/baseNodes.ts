import type { ICredentialType, IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import type { LoadedPackage } from './package';

/** The package name n8n gives its own nodes and credentials. */
export const BASE_PACKAGE = 'n8n-nodes-base';

/** n8n's HTTP Request node type name, exactly: n8n-core gives this name access to any credential. */
export const HTTP_REQUEST_TYPE = `${BASE_PACKAGE}.httpRequest`;

type Constructor<T> = new () => T;

/** Node classes of n8n-nodes-base a workflow may use, by short name, loaded only when asked for. */
const BASE_NODES: Record<string, () => Constructor<INodeType | IVersionedNodeType>> = {
	httpRequest: () => require('n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js').HttpRequest,
	noOp: () => require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js').NoOp,
};

/** Credential classes of n8n-nodes-base the HTTP Request node offers as generic authentication. */
const BASE_CREDENTIALS: Record<string, () => Constructor<ICredentialType>> = {
	httpHeaderAuth: () => require('n8n-nodes-base/dist/credentials/HttpHeaderAuth.credentials.js').HttpHeaderAuth,
	httpCustomAuth: () => require('n8n-nodes-base/dist/credentials/HttpCustomAuth.credentials.js').HttpCustomAuth,
	httpBearerAuth: () => require('n8n-nodes-base/dist/credentials/HttpBearerAuth.credentials.js').HttpBearerAuth,
};

/**
 * Our built package with a few of n8n's own nodes and credentials next to it, as an n8n
 * instance that has both installed sees them: node types by full name (`n8n-nodes-base.httpRequest`
 * or ours), credential types by name. The classes come from n8n-nodes-base in node_modules,
 * instantiated once, as n8n's loader does.
 */
export function withBaseNodes(pkg: LoadedPackage): LoadedPackage {
	const nodes = new Map<string, INodeType | IVersionedNodeType>();
	const credentials = new Map<string, ICredentialType>();
	const baseNode = (short: string): INodeType | IVersionedNodeType => {
		let node = nodes.get(short);
		if (!node) {
			const load = BASE_NODES[short];
			if (!load) throw new Error(`Unknown node type ${BASE_PACKAGE}.${short}`);
			node = new (load())();
			nodes.set(short, node);
		}
		return node;
	};
	const byFullName = (fullName: string): INodeType | IVersionedNodeType =>
		fullName.startsWith(`${BASE_PACKAGE}.`) ? baseNode(fullName.slice(BASE_PACKAGE.length + 1)) : pkg.nodeTypes.getByName(fullName);
	const nodeTypes: INodeTypes = {
		getByName: byFullName,
		getByNameAndVersion: (fullName, version) => NodeHelpers.getVersionedNodeType(byFullName(fullName), version),
		getKnownTypes: () => ({ ...(pkg.nodeTypes.getKnownTypes() as IDataObject) }),
	};
	return {
		...pkg,
		nodeTypes,
		credentialType: (name) => {
			const load = BASE_CREDENTIALS[name];
			if (!load) return pkg.credentialType(name);
			let type = credentials.get(name);
			if (!type) {
				type = new (load())();
				credentials.set(name, type);
			}
			return type;
		},
	};
}
