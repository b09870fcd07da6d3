import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationTable } from '../shared/router';
import { routeOperation } from '../shared/router';
import * as createUser from './actions/user/create.operation';
import * as deactivateUser from './actions/user/deactivate.operation';
import * as getUser from './actions/user/get.operation';
import * as getManyUsers from './actions/user/getAll.operation';
import * as resendInvitation from './actions/user/resendInvitation.operation';
import * as updateUser from './actions/user/update.operation';
import { garmatApi } from './transport';

/** What execute() runs for each Resource and Operation the UI offers. */
export const operations: OperationTable = {
	user: {
		create: createUser.createUser,
		deactivate: deactivateUser.deactivateUser,
		get: getUser.getUser,
		getAll: getManyUsers.getManyUsers,
		resendInvitation: resendInvitation.resendInvitation,
		update: updateUser.updateUser,
	},
};

export class Garmat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Garmat',
		name: 'garmat',
		icon: { light: 'file:garmat.svg', dark: 'file:garmat.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, find, update and deactivate users in the Garmat spray booth customers portal',
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
				options: [
					{ name: 'Create', value: 'create', action: 'Create user', description: 'Create a user in your account' },
					{ name: 'Deactivate', value: 'deactivate', action: 'Deactivate a user', description: 'Set a user\'s status to deactivated' },
					{ name: 'Get', value: 'get', action: 'Get a user', description: 'Get a user by email or ID' },
					{ name: 'Get Many', value: 'getAll', action: 'Get many users', description: 'List the users of your account' },
					{ name: 'Resend Invitation', value: 'resendInvitation', action: 'Resend invitation to a user', description: 'Email the user a new link to set their password' },
					{ name: 'Update', value: 'update', action: 'Update a user', description: 'Change a user\'s name, email, role or status' },
				],
				default: 'create',
			},
			...createUser.description,
			...deactivateUser.description,
			...getUser.description,
			...getManyUsers.description,
			...resendInvitation.description,
			...updateUser.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, garmatApi, operations);
	}
}
