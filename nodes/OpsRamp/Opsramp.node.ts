import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeOperation } from '../shared/router';
import * as createUser from './actions/user/create.operation';
import { getCountries, getRoles, getTimezones, getUserGroups } from './methods/loadOptions';
import { opsRampApi } from './transport';

export class Opsramp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OpsRamp',
		name: 'opsramp',
		icon: { light: 'file:opsramp.svg', dark: 'file:opsramp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create users in OpsRamp client and partner tenants',
		defaults: { name: 'OpsRamp' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'opsRampApi', required: true }],
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
				options: [{ name: 'Create', value: 'create', action: 'Create user', description: 'Create a user in a tenant' }],
				default: 'create',
			},
			...createUser.description,
		],
	};

	methods = {
		loadOptions: { getCountries, getRoles, getTimezones, getUserGroups },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, opsRampApi, { user: { create: createUser.createUser } });
	}
}
