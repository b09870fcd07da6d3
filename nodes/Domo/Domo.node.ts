import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationTable } from '../shared/router';
import { operationProperties, routeOperation } from '../shared/router';
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
		create: createUser.operation,
		get: getUser.operation,
		getAll: getUsers.operation,
		update: updateUser.operation,
		delete: deleteUser.operation,
		addToGroup: addToGroup.operation,
		removeFromGroup: removeFromGroup.operation,
	},
	group: { getAll: getGroups.operation },
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
		properties: operationProperties(operations),
	};

	methods = {
		loadOptions: { getGroups: loadGroups },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, domoApi, operations);
	}
}
