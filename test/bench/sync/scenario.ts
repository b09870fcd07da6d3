/**
 * The sync benchmark's data: a directory of N users and a roster of N rows, 1 % of the roster new,
 * 1 % changed (another name), 1 % of the directory leavers. Built the same way in the parent (which
 * seeds the sandbox and checks the result) and in the client process (which gets the roster).
 */
import type { IDataObject } from 'n8n-workflow';

import type { VendorName } from '../vendors';
import { PROFILES } from '../vendors';

export interface SyncScenario {
	/** Users in the sandbox before the run (leavers included). */
	directory: IDataObject[];
	roster: IDataObject[];
	news: number;
	changed: number;
	leavers: number;
	/** Lower-cased emails the sandbox must hold, live, after the run. */
	wanted: string[];
	/** The changed rows' emails and the name they must end with. */
	renamed: Array<{ email: string; field: string; value: string }>;
}

/** The roster field a change touches, per vendor (one their comparison sees). */
export const CHANGED_FIELD: Record<VendorName, string> = { luzmo: 'name', domo: 'name', opsramp: 'lastName', garmat: 'name' };

export function syncScenario(vendor: VendorName, users: number, prefix: string): SyncScenario {
	const profile = PROFILES[vendor];
	const share = Math.max(1, Math.round(users / 100));
	const field = CHANGED_FIELD[vendor];
	// Roster rows 0 .. N-1: the last `share` are new; rows 0 .. share-1 changed; directory = rows
	// 0 .. N-share-1 (rows 0 .. share-1 with their old name) plus `share` leavers.
	const roster = Array.from({ length: users }, (_, i) => profile.item(prefix, i));
	const directory = roster.slice(0, users - share).map((row, i) => (i < share ? { ...row, [field]: `Old ${String(row[field])}` } : row));
	for (let i = 0; i < share; i++) directory.push(profile.item(`${prefix}-leaver`, i));
	return {
		directory,
		roster,
		news: share,
		changed: share,
		leavers: share,
		wanted: roster.map((row) => String(row.email).toLowerCase()).sort(),
		renamed: roster.slice(0, share).map((row) => ({ email: String(row.email).toLowerCase(), field, value: String(row[field]) })),
	};
}
