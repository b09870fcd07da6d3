import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationTable } from '../shared/router';
import { routeOperation } from '../shared/router';
import * as getManyGroups from './actions/group/getAll.operation';
import * as activateUser from './actions/user/activate.operation';
import * as addToGroup from './actions/user/addToGroup.operation';
import * as createUser from './actions/user/create.operation';
import * as deactivateUser from './actions/user/deactivate.operation';
import * as deleteUser from './actions/user/delete.operation';
import * as getUser from './actions/user/get.operation';
import * as getManyUsers from './actions/user/getAll.operation';
import * as removeFromGroup from './actions/user/removeFromGroup.operation';
import * as updateUser from './actions/user/update.operation';
import { getCountries, getRoles, getTimezones, getUserGroupIds, getUserGroups } from './methods/loadOptions';
import { opsRampApi } from './transport';

/** What execute() runs for each Resource and Operation the UI offers. */
export const operations: OperationTable = {
	user: {
		activate: activateUser.activateUser,
		addToGroup: addToGroup.addUserToGroup,
		create: createUser.createUser,
		deactivate: deactivateUser.deactivateUser,
		delete: deleteUser.deleteUser,
		get: getUser.getUser,
		getAll: getManyUsers.getManyUsers,
		removeFromGroup: removeFromGroup.removeUserFromGroup,
		update: updateUser.updateUser,
	},
	group: { getAll: getManyGroups.getManyGroups },
};

export class Opsramp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OpsRamp',
		name: 'opsramp',
		icon: { light: 'file:opsramp.svg', dark: 'file:opsramp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, find, update, deactivate and terminate users, and manage user group members, in OpsRamp client and partner tenants',
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
					{ name: 'Activate', value: 'activate', action: 'Activate a user', description: 'Activate a deactivated user again' },
					{ name: 'Add to Group', value: 'addToGroup', action: 'Add a user to a user group', description: 'Add a user to a user group' },
					{ name: 'Create', value: 'create', action: 'Create user', description: 'Create a user in a tenant' },
					{ name: 'Deactivate', value: 'deactivate', action: 'Deactivate a user', description: 'Deactivate a user, who can be activated again' },
					{ name: 'Delete', value: 'delete', action: 'Delete a user', description: 'Terminate a user (OpsRamp has no other way to delete one)' },
					{ name: 'Get', value: 'get', action: 'Get a user', description: 'Get a user by email or ID' },
					{ name: 'Get Many', value: 'getAll', action: 'Get many users', description: 'List or search the users of a tenant' },
					{ name: 'Remove From Group', value: 'removeFromGroup', action: 'Remove a user from a user group', description: 'Remove a user from a user group' },
					{ name: 'Update', value: 'update', action: 'Update a user', description: 'Change the fields of a user' },
				],
				default: 'create',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['group'] } },
				options: [{ name: 'Get Many', value: 'getAll', action: 'Get many user groups', description: 'List the user groups of a tenant' }],
				default: 'getAll',
			},
			...createUser.description,
			...getUser.description,
			...getManyUsers.description,
			...updateUser.description,
			...deleteUser.description,
			...deactivateUser.description,
			...activateUser.description,
			...addToGroup.description,
			...removeFromGroup.description,
			...getManyGroups.description,
		],
	};

	methods = {
		loadOptions: { getCountries, getRoles, getTimezones, getUserGroupIds, getUserGroups },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, opsRampApi, operations);
	}
}
