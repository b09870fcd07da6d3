import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

export const PACKAGE_ROOT = path.resolve(__dirname, '../..');

export interface LoadedPackage {
	packageName: string;
	loader: PackageDirectoryLoader;
	nodeTypes: INodeTypes;
	credentialType(name: string): ICredentialType;
	/** The type name n8n gives a node of this package, e.g. `n8n-nodes-user-provisioning.garmat`. */
	typeName(node: string): string;
}

/**
 * Loads the built package (dist/, through package.json's n8n block) with n8n's own
 * PackageDirectoryLoader, as n8n does for an installed community package.
 */
export async function loadPackage(directory: string = PACKAGE_ROOT): Promise<LoadedPackage> {
	const loader = new PackageDirectoryLoader(directory);
	await loader.loadAll();
	const { packageName } = loader;
	const byFullName = (fullName: string): INodeType | IVersionedNodeType => {
		const short = fullName.startsWith(`${packageName}.`) ? fullName.slice(packageName.length + 1) : fullName;
		const loaded = loader.nodeTypes[short];
		if (!loaded) throw new Error(`Unknown node type ${fullName}`);
		return loaded.type;
	};
	const nodeTypes: INodeTypes = {
		getByName: byFullName,
		getByNameAndVersion: (fullName, version) => NodeHelpers.getVersionedNodeType(byFullName(fullName), version),
		getKnownTypes: () => loader.known.nodes as unknown as IDataObject,
	};
	return {
		packageName,
		loader,
		nodeTypes,
		credentialType: (name) => {
			const loaded = loader.credentialTypes[name];
			if (!loaded) throw new Error(`Unknown credential type ${name}`);
			return loaded.type;
		},
		typeName: (node) => `${packageName}.${node}`,
	};
}
