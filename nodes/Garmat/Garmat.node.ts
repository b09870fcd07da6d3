import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationTable } from '../shared/router';
import { operationProperties, routeOperation } from '../shared/router';
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
		create: createUser.operation,
		deactivate: deactivateUser.operation,
		get: getUser.operation,
		getAll: getManyUsers.operation,
		resendInvitation: resendInvitation.operation,
		update: updateUser.operation,
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
		properties: operationProperties(operations),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, garmatApi, operations);
	}
}
