import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationTable } from '../shared/router';
import { routeOperation } from '../shared/router';
import * as getManyGroups from './actions/group/getAll.operation';
import * as addToGroup from './actions/user/addToGroup.operation';
import * as createUser from './actions/user/create.operation';
import * as deleteUser from './actions/user/delete.operation';
import * as getUser from './actions/user/get.operation';
import * as getManyUsers from './actions/user/getAll.operation';
import * as removeFromGroup from './actions/user/removeFromGroup.operation';
import * as updateUser from './actions/user/update.operation';
import { getGroups } from './methods/loadOptions';
import { luzmoApi } from './transport';

/** What execute() runs for each Resource and Operation the UI offers. */
export const operations: OperationTable = {
	user: {
		create: createUser.createUser,
		get: getUser.getUser,
		getAll: getManyUsers.getManyUsers,
		update: updateUser.updateUser,
		delete: deleteUser.deleteUser,
		addToGroup: addToGroup.addUserToGroup,
		removeFromGroup: removeFromGroup.removeUserFromGroup,
	},
	group: { getAll: getManyGroups.getManyGroups },
};

export class Luzmo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Luzmo',
		name: 'luzmo',
		icon: { light: 'file:luzmo.svg', dark: 'file:luzmo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, find, update and delete users of your Luzmo organization and manage their groups',
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
					{ name: 'Add to Group', value: 'addToGroup', action: 'Add a user to a group', description: 'Make a user a member of a group' },
					{ name: 'Create', value: 'create', action: 'Create a user', description: 'Create a user in your organization' },
					{ name: 'Delete', value: 'delete', action: 'Delete a user', description: 'Delete a user; one already gone counts as done' },
					{ name: 'Get', value: 'get', action: 'Get a user', description: 'Get a user by email or ID' },
					{ name: 'Get Many', value: 'getAll', action: 'Get many users', description: 'List the users of your organization' },
					{
						name: 'Remove From Group',
						value: 'removeFromGroup',
						action: 'Remove a user from a group',
						description: 'Take a user out of a group; one not in it counts as done',
					},
					{ name: 'Update', value: 'update', action: 'Update a user', description: 'Change only the properties you add' },
				],
				default: 'create',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['group'] } },
				options: [{ name: 'Get Many', value: 'getAll', action: 'Get many groups', description: 'List the groups your API key can see' }],
				default: 'getAll',
			},
			...createUser.description,
			...getUser.description,
			...getManyUsers.description,
			...updateUser.description,
			...deleteUser.description,
			...addToGroup.description,
			...removeFromGroup.description,
			...getManyGroups.description,
		],
	};

	methods = { loadOptions: { getGroups } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, luzmoApi, operations);
	}
}
