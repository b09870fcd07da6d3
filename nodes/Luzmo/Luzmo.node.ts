import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeOperation } from '../shared/router';
import * as createUser from './actions/user/create.operation';
import { luzmoApi } from './transport';

export class Luzmo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Luzmo',
		name: 'luzmo',
		icon: { light: 'file:luzmo.svg', dark: 'file:luzmo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create users in your Luzmo organization',
		defaults: { name: 'Luzmo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'luzmoApi', required: true }],
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
				options: [{ name: 'Create', value: 'create', action: 'Create user', description: 'Create a user in your organization' }],
				default: 'create',
			},
			...createUser.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, luzmoApi, { user: { create: createUser.createUser } });
	}
}
