import { OpsRampSandbox } from '../sandbox/opsramp';
import { loadOptions } from './contexts';
import { credentialData, TENANT } from './fixtures';

describe('OpsRamp: dropdowns loaded from the tenant (LoadOptionsContext, real HTTP)', () => {
	let sandbox: OpsRampSandbox;
	beforeEach(async () => {
		sandbox = new OpsRampSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	const parameters = { resource: 'user', operation: 'create', tenantId: TENANT };

	it('roles: names from Search Roles of the tenant, sorted', async () => {
		const options = await loadOptions('getRoles', parameters, credentialData(sandbox));

		expect(options.map((o) => o.value)).toEqual(['ACS Client Administrator', 'Client Administrator', 'Client User', 'Customer', 'End User View']);
		expect(options.find((o) => o.name === 'Client User')?.description).toBe('Read-only access');
		const [request] = sandbox.received('GET', `/api/v2/tenants/${TENANT}/roles/search`);
		expect(request.query).toEqual({ pageNo: '1', pageSize: '100' });
		expect(request.headers.authorization).toMatch(/^Bearer /);
	});

	it('user groups: names from the tenant\'s user groups', async () => {
		const options = await loadOptions('getUserGroups', parameters, credentialData(sandbox));

		expect(options.map((o) => o.value)).toEqual(['Architecture Department', 'Implementation Team', 'Lab Escalation Users']);
		expect(sandbox.received('GET', `/api/v2/tenants/${TENANT}/userGroups`)).toHaveLength(1);
	});

	it('user groups for Add to / Remove from Group: named by name, valued by uniqueId', async () => {
		const options = await loadOptions('getUserGroupIds', { resource: 'user', operation: 'addToGroup', tenantId: TENANT }, credentialData(sandbox));

		expect(options).toEqual([
			{ name: 'Architecture Department', value: 'USRGRP-ab5afe06-0cca-9b8f-6053-357531f7d9ff', description: 'USRGRP-ab5afe06-0cca-9b8f-6053-357531f7d9ff' },
			{ name: 'Implementation Team', value: 'USRGRP-13cfc012-bb01-bbe3-6ed9-c46a192d0567', description: 'Rollouts' },
			{ name: 'Lab Escalation Users', value: 'USRGRP-5f0d2c2e-2f4b-4c4e-9a53-0c1f6f1d7c11', description: 'USRGRP-5f0d2c2e-2f4b-4c4e-9a53-0c1f6f1d7c11' },
		]);
		expect(sandbox.received('GET', `/api/v2/tenants/${TENANT}/userGroups`)).toHaveLength(1);
	});

	it('time zones: names, with label and code to choose by', async () => {
		const options = await loadOptions('getTimezones', parameters, credentialData(sandbox));

		expect(options).toContainEqual({ name: 'America/New_York', value: 'America/New_York', description: 'GMT -05:00 Eastern, code EST' });
		expect(sandbox.received('GET', '/api/v2/cfg/timezones')).toHaveLength(1);
	});

	it('countries: names from Get Countries', async () => {
		const options = await loadOptions('getCountries', {}, credentialData(sandbox));

		expect(options.map((o) => o.value)).toEqual(['India', 'Turkey', 'United States']);
	});

	it('roles need a fixed Tenant ID, and say so', async () => {
		await expect(loadOptions('getRoles', { ...parameters, tenantId: '={{ $json.tenant }}' }, credentialData(sandbox))).rejects.toThrow(
			'Enter a fixed Tenant ID to load the roles',
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('a refused request surfaces OpsRamp\'s message', async () => {
		await expect(loadOptions('getUserGroups', { ...parameters, tenantId: 'client_99' }, credentialData(sandbox))).rejects.toThrow(
			'Tenant not found: client_99',
		);
	});
});
