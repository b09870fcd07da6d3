import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationTable } from '../shared/router';
import { routeOperation } from '../shared/router';
import * as getGroups from './actions/group/getAll.operation';
import * as addToGroup from './actions/user/addToGroup.operation';
import * as createUser from './actions/user/create.operation';
import * as deleteUser from './actions/user/delete.operation';
import * as getUser from './actions/user/get.operation';
import * as getUsers from './actions/user/getAll.operation';
import * as removeFromGroup from './actions/user/removeFromGroup.operation';
import * as updateUser from './actions/user/update.operation';
import { getGroups as loadGroups } from './methods/loadOptions';
import { domoApi } from './transport';

/** What execute() runs for each Resource and Operation the UI offers. */
export const operations: OperationTable = {
	user: {
		create: createUser.createUser,
		get: getUser.getUser,
		getAll: getUsers.getUsers,
		update: updateUser.updateUser,
		delete: deleteUser.deleteUser,
		addToGroup: addToGroup.addUserToGroup,
		removeFromGroup: removeFromGroup.removeUserFromGroup,
	},
	group: { getAll: getGroups.getGroups },
};

export class Domo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Domo',
		name: 'domo',
		icon: { light: 'file:domo.svg', dark: 'file:domo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, find, update and delete users and their group memberships in a Domo instance',
		defaults: { name: 'Domo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'domoApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Group', value: 'group' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['user'] } },
				options: [
					{ name: 'Add to Group', value: 'addToGroup', action: 'Add a user to a group', description: 'Add a user to a Domo group' },
					{ name: 'Create', value: 'create', action: 'Create user', description: 'Create a user in your Domo instance' },
					{ name: 'Delete', value: 'delete', action: 'Delete a user', description: 'Delete a user from your Domo instance, permanently' },
					{ name: 'Get', value: 'get', action: 'Get a user', description: 'Get a user by email or ID' },
					{ name: 'Get Many', value: 'getAll', action: 'Get many users', description: 'List the users of your Domo instance' },
					{ name: 'Remove From Group', value: 'removeFromGroup', action: 'Remove a user from a group', description: 'Remove a user from a Domo group' },
					{ name: 'Update', value: 'update', action: 'Update a user', description: "Change a user's profile fields or role" },
				],
				default: 'create',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['group'] } },
				options: [{ name: 'Get Many', value: 'getAll', action: 'Get many groups', description: 'List the groups of your Domo instance' }],
				default: 'getAll',
			},
			...createUser.description,
			...getUser.description,
			...getUsers.description,
			...updateUser.description,
			...deleteUser.description,
			...addToGroup.description,
			...removeFromGroup.description,
			...getGroups.description,
		],
	};

	methods = {
		loadOptions: { getGroups: loadGroups },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, domoApi, operations);
	}
}
