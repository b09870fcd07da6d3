import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationTable } from '../shared/router';
import { operationProperties, routeOperation } from '../shared/router';
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
		create: createUser.operation,
		get: getUser.operation,
		getAll: getManyUsers.operation,
		update: updateUser.operation,
		delete: deleteUser.operation,
		addToGroup: addToGroup.operation,
		removeFromGroup: removeFromGroup.operation,
	},
	group: { getAll: getManyGroups.operation },
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
		properties: operationProperties(operations),
	};

	methods = { loadOptions: { getGroups } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, luzmoApi, operations);
	}
}
