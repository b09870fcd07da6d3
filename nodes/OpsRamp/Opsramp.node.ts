import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationTable } from '../shared/router';
import { operationProperties, routeOperation } from '../shared/router';
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
		activate: activateUser.operation,
		addToGroup: addToGroup.operation,
		create: createUser.operation,
		deactivate: deactivateUser.operation,
		delete: deleteUser.operation,
		get: getUser.operation,
		getAll: getManyUsers.operation,
		removeFromGroup: removeFromGroup.operation,
		update: updateUser.operation,
	},
	group: { getAll: getManyGroups.operation },
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
		properties: operationProperties(operations),
	};

	methods = {
		loadOptions: { getCountries, getRoles, getTimezones, getUserGroupIds, getUserGroups },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, opsRampApi, operations);
	}
}
