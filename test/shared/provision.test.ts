import { PROVISIONING_STATUS_FIELD, withProvisioningStatus } from '../../nodes/shared/provision';

describe('withProvisioningStatus', () => {
	it('returns a new object: the user\'s fields in their order, then provisioningStatus', () => {
		const user = { id: 'u1', email: 'ann@example.com', roles: [{ name: 'Client User' }] };
		const output = withProvisioningStatus(user, 'existing');
		expect(Object.keys(output)).toEqual(['id', 'email', 'roles', PROVISIONING_STATUS_FIELD]);
		expect(output).toEqual({ ...user, provisioningStatus: 'existing' });
	});

	it('leaves the user untouched, so a user shared by two items keeps one status each', () => {
		const shared = { id: 'u1', email: 'ann@example.com' };
		const first = withProvisioningStatus(shared, 'created');
		const second = withProvisioningStatus(shared, 'existing');
		expect(shared).toEqual({ id: 'u1', email: 'ann@example.com' });
		expect([first.provisioningStatus, second.provisioningStatus]).toEqual(['created', 'existing']);
	});
});
