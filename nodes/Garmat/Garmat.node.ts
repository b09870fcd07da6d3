import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeOperation } from '../shared/router';
import * as createUser from './actions/user/create.operation';
import { garmatApi } from './transport';

export class Garmat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Garmat',
		name: 'garmat',
		icon: { light: 'file:garmat.svg', dark: 'file:garmat.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create users in the Garmat spray booth customers portal',
		defaults: { name: 'Garmat' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'garmatApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'User', value: 'user' }],
				default: 'user',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['user'] } },
				options: [{ name: 'Create', value: 'create', action: 'Create user', description: 'Create a user in your account' }],
				default: 'create',
			},
			...createUser.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, garmatApi, { user: { create: createUser.createUser } });
	}
}
