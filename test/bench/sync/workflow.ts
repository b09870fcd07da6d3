/**
 * Runs a small workflow of several nodes with n8n-core's WorkflowExecute (execution order v1), the
 * first node fed the given items as a trigger would: the hand-built sync flow is several of n8n's
 * own nodes (HTTP Request, Compare Datasets), where test/harness runs one node.
 */
import type { IConnections, IDataObject, INode, INodeExecutionData, INodeType, INodeTypes, IRun, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { BASE_PACKAGE, withBaseNodes } from '../../harness/baseNodes';
import type { TestCredentialsHelper } from '../../harness/credentials';
import type { LoadedPackage } from '../../harness/package';
import { executeWorkflow } from '../../harness/workflow';

/** n8n's own nodes the hand-built flow uses besides HTTP Request and No Op (which the harness has). */
const MORE_BASE_NODES: Record<string, () => new () => INodeType | IVersionedNodeType> = {
	compareDatasets: () => require('n8n-nodes-base/dist/nodes/CompareDatasets/CompareDatasets.node.js').CompareDatasets,
	splitOut: () => require('n8n-nodes-base/dist/nodes/Transform/SplitOut/SplitOut.node.js').SplitOut,
};

export function withFlowNodes(pkg: LoadedPackage): LoadedPackage {
	const base = withBaseNodes(pkg);
	const made = new Map<string, INodeType | IVersionedNodeType>();
	const byName = (fullName: string) => {
		const short = fullName.startsWith(`${BASE_PACKAGE}.`) ? fullName.slice(BASE_PACKAGE.length + 1) : '';
		const load = MORE_BASE_NODES[short];
		if (!load) return base.nodeTypes.getByName(fullName);
		if (!made.has(short)) made.set(short, new (load())());
		return made.get(short)!;
	};
	const nodeTypes: INodeTypes = {
		getByName: byName,
		getByNameAndVersion: (fullName, version) => NodeHelpers.getVersionedNodeType(byName(fullName), version),
		getKnownTypes: () => base.nodeTypes.getKnownTypes(),
	};
	return { ...base, nodeTypes };
}

export async function runFlow(options: { pkg: LoadedPackage; helper: TestCredentialsHelper; nodes: INode[]; connections: IConnections; items: IDataObject[] }): Promise<IRun> {
	const { pkg, nodes, connections } = options;
	return await executeWorkflow({ id: 'bench-flow', name: 'Hand-built sync', nodes, connections, nodeTypes: pkg.nodeTypes, active: false, settings: { executionOrder: 'v1' } }, options.helper, options.items);
}

/** A node's output items (main output `output`) of its runs. */
export function outputOf(run: IRun, node: string, output = 0): INodeExecutionData[] {
	return (run.data.resultData.runData[node] ?? []).flatMap((task) => task.data?.main?.[output] ?? []);
}
