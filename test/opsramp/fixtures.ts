import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunNodeOptions } from '../harness/workflow';
import type { OpsRampSandbox } from '../sandbox/opsramp';

export const TENANT = 'client_16';

export function credentialData(sandbox: OpsRampSandbox, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		host: sandbox.url,
		clientId: sandbox.clientId,
		clientSecret: sandbox.clientSecret,
		authPath: '/auth/oauth/token',
		tenantId: '',
		accessToken: '',
		...overrides,
	};
}

let credentialCounter = 0;

/** A fresh credential id per call, so each test has its own token and rate gate. */
export function credentials(sandbox: OpsRampSandbox, overrides: ICredentialDataDecryptedObject = {}): RunNodeOptions['credentials'] {
	return { id: `opsramp-${++credentialCounter}`, type: 'opsRampApi', data: credentialData(sandbox, overrides) };
}

/** The request sample of seed 002 (Create User), as the document prints it. */
export const SEED_EXAMPLE_BODY = {
	loginName: 'ScarletJohn',
	password: 'ChangeMe@1234',
	firstName: 'Scarlet',
	lastName: 'John',
	designation: 'Architect',
	address: '300 BOYLSTON AVE E',
	city: 'SEATTLE ',
	state: 'WA',
	zip: '98102',
	country: 'United States',
	email: 'scarlet@gmail.com',
	altEmail: 'scarletjohn@gmail.com',
	phoneNumber: '206-232-4543',
	mobileNumber: '623-731-1540',
	timeZone: { code: 'EST', name: 'Europe/Istanbul' },
	userNotifications: [
		{ notifyType: 'Account Information', notifyMethod: 'Email', notifyInputType: 'Primary Email', notifyRecurringReport: false },
		{ notifyType: 'Alert Notification', notifyMethod: 'No Notify', notifyRecurringReport: false },
		{ notifyType: 'Report Notification', notifyMethod: 'No Notify', notifyRecurringReport: false },
	],
	roles: [
		{ name: 'Client Administrator' },
		{ name: 'Client User' },
		{ name: 'Customer' },
		{ name: 'End User View' },
		{ name: 'ACS Client Administrator' },
	],
	userGroups: [{ name: 'Implementation Team' }, { name: 'Architecture Department' }],
};

/** The same example as a user fills the node's fields. */
export function seedExampleParameters(): INodeParameters {
	return {
		resource: 'user',
		operation: 'create',
		tenantId: TENANT,
		loginName: 'ScarletJohn',
		firstName: 'Scarlet',
		lastName: 'John',
		email: 'scarlet@gmail.com',
		additionalFields: {
			password: 'ChangeMe@1234',
			designation: 'Architect',
			address: '300 BOYLSTON AVE E',
			city: 'SEATTLE ',
			state: 'WA',
			zip: '98102',
			country: 'United States',
			altEmail: 'scarletjohn@gmail.com',
			phoneNumber: '206-232-4543',
			mobileNumber: '623-731-1540',
			timeZone: { value: { code: 'EST', name: 'Europe/Istanbul' } },
			userNotifications: {
				notification: [
					{ notifyType: 'Account Information', notifyMethod: 'Email', notifyInputType: 'Primary Email', notifyRecurringReport: false },
					{ notifyType: 'Alert Notification', notifyMethod: 'No Notify', notifyInputType: '', notifyRecurringReport: false },
					{ notifyType: 'Report Notification', notifyMethod: 'No Notify', notifyInputType: '', notifyRecurringReport: false },
				],
			},
			roles: ['Client Administrator', 'Client User', 'Customer', 'End User View', 'ACS Client Administrator'],
			userGroups: ['Implementation Team', 'Architecture Department'],
		},
	};
}

/** Fields taken from each input item by expression, the usual shape of an onboarding flow. */
export function fromItems(extra: IDataObject = {}): INodeParameters {
	return {
		resource: 'user',
		operation: 'create',
		tenantId: TENANT,
		loginName: '={{ $json.loginName }}',
		firstName: '={{ $json.firstName }}',
		lastName: '={{ $json.lastName }}',
		email: '={{ $json.email }}',
		...extra,
	} as INodeParameters;
}

export function hire(n: number, domain = 'example.com'): IDataObject {
	return { loginName: `hire${n}`, firstName: 'New', lastName: `Hire ${n}`, email: `hire${n}@${domain}` };
}
