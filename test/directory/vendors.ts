/**
 * What the one-account-per-person matrix needs from each vendor, on top of the shared adapters:
 * - test/faults/vendors.ts starts a sandbox and runs the node's Create on items (`person(n)`
 *   fills each vendor's required fields);
 * - test/bad-input/vendors.ts starts a sandbox with an n8n credential, for the other operations.
 * Both construct their sandbox themselves, so the modes are set on its user store afterwards
 * (`UserStore.configure`, the same options the constructors take). Here only what neither has:
 * putting a user with a given email in the sandbox, reading it back, and the vendor's Get,
 * Update and Delete (Garmat: Deactivate, its API deletes no one) by email.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { BadInputVendor } from '../bad-input/vendors';
import * as badInput from '../bad-input/vendors';
import type { Vendor as FaultVendor } from '../faults/vendors';
import * as faults from '../faults/vendors';
import type { DomoSandbox } from '../sandbox/domo';
import type { GarmatSandbox } from '../sandbox/garmat';
import type { LuzmoSandbox } from '../sandbox/luzmo';
import type { OpsRampSandbox } from '../sandbox/opsramp';
import type { DirectoryOptions, Sandbox, UserStore } from '../sandbox/toolkit';

export interface Mode {
	name: string;
	options: Required<Pick<DirectoryOptions, 'emailSearch' | 'acceptDuplicateEmails'>>;
}

export const EXACT_CASE: Mode = {
	name: 'exact-case email search, duplicate emails accepted',
	options: { emailSearch: 'exactCase', acceptDuplicateEmails: true },
};

export const DEFAULT_MODE: Mode = {
	name: 'default sandbox (case-insensitive search, duplicate emails refused)',
	options: { emailSearch: 'caseInsensitive', acceptDuplicateEmails: false },
};

/** Not one of the two modes issue 17 names: it isolates the race (letter case no longer matters). */
export const RACE_ONLY: Mode = {
	name: 'case-insensitive search, duplicate emails accepted',
	options: { emailSearch: 'caseInsensitive', acceptDuplicateEmails: true },
};

export const MODES: Mode[] = [EXACT_CASE, DEFAULT_MODE, RACE_ONLY];

/** The sandbox's user store: its modes, and the accounts it holds. */
export function storeOf(sandbox: Sandbox): UserStore<unknown> {
	const store = (sandbox as Sandbox & { userStore?: UserStore<unknown> }).userStore;
	if (!store) throw new Error(`${sandbox.constructor.name} keeps no user store`);
	return store;
}

export interface DirectoryVendor {
	name: string;
	faults: FaultVendor;
	badInput: BadInputVendor;
	/** Puts a user with exactly this email in the sandbox; returns its ID as text. */
	seed(sandbox: Sandbox, email: string): string;
	/** The user with this ID as the sandbox holds it, while it is an account (not deleted). */
	liveUser(sandbox: Sandbox, id: string): IDataObject | undefined;
	/** Node parameters beside Find User By and Email that every operation on one user needs. */
	select: INodeParameters;
	/** A change for Update: the Update Fields entry and the user field it sets. */
	update: { field: string; value: string };
	/** The operation that ends a user's access, and whether the user has lost it. */
	remove: { operation: string; done(sandbox: Sandbox, id: string): boolean };
}

const SEEDED_NAME = 'Alice Seeded';

const luzmo: DirectoryVendor = {
	name: 'Luzmo',
	faults: faults.luzmo,
	badInput: badInput.luzmo,
	seed: (sandbox, email) => (sandbox as LuzmoSandbox).seedUser({ email, name: SEEDED_NAME }).id,
	liveUser: (sandbox, id) => (sandbox as LuzmoSandbox).liveUser(id) as IDataObject | undefined,
	select: {},
	update: { field: 'name', value: 'Alice Renamed' },
	remove: { operation: 'delete', done: (sandbox, id) => !(sandbox as LuzmoSandbox).liveUser(id) },
};

const domo: DirectoryVendor = {
	name: 'Domo',
	faults: faults.domo,
	badInput: badInput.domo,
	seed: (sandbox, email) => String((sandbox as DomoSandbox).seedUser({ email, name: SEEDED_NAME }).id),
	liveUser: (sandbox, id) => (sandbox as DomoSandbox).user(id) as IDataObject | undefined,
	select: {},
	update: { field: 'name', value: 'Alice Renamed' },
	remove: { operation: 'delete', done: (sandbox, id) => !(sandbox as DomoSandbox).user(id) },
};

const opsramp: DirectoryVendor = {
	name: 'OpsRamp',
	faults: faults.opsramp,
	badInput: badInput.opsramp,
	seed: (sandbox, email) => (sandbox as OpsRampSandbox).seedUser(faults.TENANT, { email, loginName: 'alice.seeded', firstName: 'Alice' }).id,
	liveUser: (sandbox, id) => (sandbox as OpsRampSandbox).user(id) as IDataObject | undefined,
	select: { tenantId: faults.TENANT },
	update: { field: 'firstName', value: 'Alicia' },
	// Delete is OpsRamp's TERMINATE: the user leaves the tenant's users.
	remove: { operation: 'delete', done: (sandbox, id) => !(sandbox as OpsRampSandbox).user(id) },
};

const garmat: DirectoryVendor = {
	name: 'Garmat',
	faults: faults.garmat,
	badInput: badInput.garmat,
	seed: (sandbox, email) => (sandbox as GarmatSandbox).seedUser({ email, name: SEEDED_NAME }).id,
	liveUser: (sandbox, id) => (sandbox as GarmatSandbox).user(id) as IDataObject | undefined,
	select: {},
	update: { field: 'name', value: 'Alice Renamed' },
	// Garmat's API deletes no one: Deactivate is how a user loses access.
	remove: { operation: 'deactivate', done: (sandbox, id) => (sandbox as GarmatSandbox).user(id)?.status === 'deactivated' },
};

export const DIRECTORY_VENDORS: DirectoryVendor[] = [luzmo, domo, opsramp, garmat];
