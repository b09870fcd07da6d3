/**
 * Issue 19's input rows, each shown on the wire: what a sheet or database sends (null for an empty
 * cell, "TRUE"/"True"/"1" for a checkbox, a number for a phone) reaches the vendor with its
 * documented meaning, checked on the create request the sandbox received. (valueKinds.test.ts
 * runs the same kinds over every parameter of every operation.)
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from '../harness/workflow';
import type { BadInputVendor } from './vendors';
import { domo, garmat, luzmo, opsramp } from './vendors';

/** Where each vendor's create body keeps the user's properties. */
const propertiesOf = (vendor: BadInputVendor, body: IDataObject): IDataObject => (vendor === luzmo ? (body.properties as IDataObject) : body);

async function create(vendor: BadInputVendor, parameters: INodeParameters, items: IDataObject[]) {
	const started = await vendor.start();
	try {
		const result = await runNode({ node: vendor.node, parameters: { resource: 'user', operation: 'create', ...parameters }, items, credentials: started.credentials, continueOnFail: true });
		return { result, bodies: started.creates().map((request) => propertiesOf(vendor, request.body as IDataObject)) };
	} finally {
		await started.sandbox.stop();
	}
}

const required: Record<string, INodeParameters> = {
	Luzmo: { email: '={{ $json.email }}' },
	Domo: { name: 'Ada', email: '={{ $json.email }}', role: 'Participant' },
	OpsRamp: { tenantId: 'client_16', loginName: '={{ $json.email.split("@")[0] }}', firstName: 'Ada', lastName: 'Lovelace', email: '={{ $json.email }}' },
	Garmat: { name: 'Ada', email: '={{ $json.email }}', role: 'customer_read_only' },
};

const person = (n: number, extra: IDataObject = {}) => ({ email: `row.${n}@example.com`, ...extra });

describe.each([
	{ vendor: luzmo, field: 'city' },
	{ vendor: domo, field: 'title' },
	{ vendor: opsramp, field: 'city' },
	{ vendor: garmat, field: 'account_id' },
])('$vendor.name: an empty cell (null) in an optional text field', ({ vendor, field }) => {
	it(`is not set: the user is created without ${field}`, async () => {
		const { result, bodies } = await create(vendor, { ...required[vendor.name], additionalFields: { [field]: '={{ $json.cell }}' } }, [person(0, { cell: null })]);
		expect(result.items?.map((item) => item.json.error ?? item.json.provisioningStatus)).toEqual(['created']);
		expect(bodies.map((body) => field in body)).toEqual([false]);
	});
});

describe.each([
	{ vendor: luzmo, field: 'warp_notifications' },
	{ vendor: domo, field: 'sendInvite' },
	{ vendor: opsramp, field: 'changePassword' },
])('$vendor.name: a checkbox column in a boolean field', ({ vendor, field }) => {
	const collection = vendor === domo ? {} : { additionalFields: { [field]: '={{ $json.box }}' } };
	const top = vendor === domo ? { [field]: '={{ $json.box }}' } : {};

	it('"TRUE", "True", "1" and 1 are true, "FALSE" and "0" false, as n8n reads booleans; "yes" is refused naming field and item', async () => {
		const boxes = ['TRUE', 'True', '1', 1, 'FALSE', '0', 'yes'];
		const { result, bodies } = await create(vendor, { ...required[vendor.name], ...top, ...collection }, boxes.map((box, n) => person(n, { box })));
		const sent = (value: IDataObject) => (vendor === domo ? undefined : value[field]);
		expect(result.items?.slice(0, 6).map((item) => item.json.error ?? item.json.provisioningStatus)).toEqual(Array(6).fill('created'));
		if (vendor !== domo) expect(bodies.map(sent)).toEqual([true, true, true, true, false, false]);
		const label = vendor === domo ? 'Send Invite' : `Additional Fields > ${vendor === luzmo ? 'Warp Notifications' : 'Change Password'}`;
		expect(result.items?.[6].json.error).toBe(`Invalid "${label}" in item 6: must be true or false`);
		expect(bodies).toHaveLength(6);
	});
});

it('Domo: Send Invite "TRUE" sends sendInvite=true, "0" sendInvite=false', async () => {
	const started = await domo.start();
	try {
		await runNode({ node: 'domo', parameters: { resource: 'user', operation: 'create', ...required.Domo, sendInvite: '={{ $json.box }}' }, items: [person(0, { box: 'TRUE' }), person(1, { box: '0' })], credentials: started.credentials });
		expect(started.creates().map((request) => request.query.sendInvite)).toEqual(['true', 'false']);
	} finally {
		await started.sandbox.stop();
	}
});

describe.each([
	{ vendor: luzmo, field: 'phone' },
	{ vendor: domo, field: 'phone' },
	{ vendor: opsramp, field: 'phoneNumber' },
])('$vendor.name: a phone number that arrives as a number', ({ vendor, field }) => {
	it('is sent as its text', async () => {
		const { result, bodies } = await create(vendor, { ...required[vendor.name], additionalFields: { [field]: '={{ $json.phone }}' } }, [person(0, { phone: 4915112345678 })]);
		expect(result.items?.map((item) => item.json.error ?? item.json.provisioningStatus)).toEqual(['created']);
		expect(bodies.map((body) => body[field])).toEqual(['4915112345678']);
	});
});
