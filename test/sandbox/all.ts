/**
 * The four vendor sandboxes together, for the demo and the end-to-end suite against a real n8n,
 * with the n8n credentials that point at them.
 */
import { DomoSandbox } from './domo';
import { GarmatSandbox } from './garmat';
import { LuzmoSandbox } from './luzmo';
import { OpsRampSandbox } from './opsramp';

export interface Sandboxes {
	luzmo: LuzmoSandbox;
	domo: DomoSandbox;
	opsramp: OpsRampSandbox;
	garmat: GarmatSandbox;
}

export type Vendor = keyof Sandboxes;

/** The Luzmo group of examples/luzmo-add-to-groups.json. */
export const LUZMO_EXAMPLE_GROUP_ID = 'f5aff911-94fc-45f3-9de2-68e3a0a82334';
export const VENDORS: Vendor[] = ['luzmo', 'domo', 'opsramp', 'garmat'];

/** Starts all four on consecutive ports from basePort (0: any free ports). */
export async function startSandboxes(basePort = 0): Promise<Sandboxes> {
	const sandboxes: Sandboxes = {
		luzmo: new LuzmoSandbox(),
		domo: new DomoSandbox(),
		opsramp: new OpsRampSandbox(),
		garmat: new GarmatSandbox(),
	};
	// Luzmo shows only the groups the caller is in, and a new sandbox has none: give it the group
	// examples/luzmo-add-to-groups.json adds new hires to (Domo and OpsRamp start with theirs).
	Object.assign(sandboxes.luzmo.groups.seed('New hires'), { id: LUZMO_EXAMPLE_GROUP_ID });
	for (const [index, vendor] of VENDORS.entries()) await sandboxes[vendor].start(basePort ? basePort + index : 0);
	return sandboxes;
}

export async function stopSandboxes(sandboxes: Sandboxes): Promise<void> {
	await Promise.all(VENDORS.map(async (vendor) => await sandboxes[vendor].stop()));
}

export interface CredentialSeed {
	vendor: Vendor;
	name: string;
	type: string;
	data: Record<string, string>;
}

/** n8n credentials for the sandboxes; `wrong` gives each a wrong secret, for failure checks. */
export function sandboxCredentials(sandboxes: Sandboxes, wrong = false): CredentialSeed[] {
	const bad = (value: string) => (wrong ? `${value}-wrong` : value);
	const suffix = wrong ? ' (wrong secret)' : '';
	return [
		{
			vendor: 'luzmo',
			name: `Luzmo sandbox${suffix}`,
			type: 'luzmoApi',
			data: { apiKey: sandboxes.luzmo.apiKey, apiToken: bad(sandboxes.luzmo.apiToken), region: 'custom', customHost: sandboxes.luzmo.url },
		},
		{
			vendor: 'domo',
			name: `Domo sandbox${suffix}`,
			type: 'domoApi',
			data: { clientId: sandboxes.domo.clientId, clientSecret: bad(sandboxes.domo.clientSecret), apiHost: sandboxes.domo.url },
		},
		{
			vendor: 'opsramp',
			name: `OpsRamp sandbox${suffix}`,
			type: 'opsRampApi',
			data: {
				host: sandboxes.opsramp.url,
				clientId: sandboxes.opsramp.clientId,
				clientSecret: bad(sandboxes.opsramp.clientSecret),
				authPath: '/auth/oauth/token',
				tenantId: 'client_16',
			},
		},
		{
			vendor: 'garmat',
			name: `Garmat sandbox${suffix}`,
			type: 'garmatApi',
			data: { baseUrl: sandboxes.garmat.url, authentication: 'sessionToken', apiKey: bad(sandboxes.garmat.apiKey) },
		},
	];
}
