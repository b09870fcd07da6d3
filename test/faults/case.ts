/**
 * What a fault case is: what goes wrong (faults installed on a row's write, its reads or the token
 * exchange), how the node is run, what it must come to, and the case's own checks. A case is
 * written once; the table runs it against every row it makes sense for, and says why not for the
 * others. The invariants every run shares are in invariants.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import type { NodeRun } from '../harness/workflow';
import type { FaultLog, Target } from './kit';
import { anyOf, fromNth, oneItem, receivedBy } from './kit';
import type { OperationRow } from './rows';
import type { Vendor, VendorRun } from './vendors';

export type Row = OperationRow<VendorRun>;

export type Expectation =
	/** Every item is done: its effect happened once (or was there already). */
	| { kind: 'allDone' }
	/**
	 * Under Continue On Fail: these items (all when omitted) are error items with this message; the
	 * rest are done. `effect`: how often the failed items' effect happened (default 0: untouched).
	 * `uncertain`: the write's outcome was lost and cannot be checked: the item says so.
	 */
	| { kind: 'errorItems'; indices?: number[]; message: (v: VendorRun) => string | RegExp; effect?: number; uncertain?: boolean }
	/** Without Continue On Fail: the node fails with this item's error; later items never start. */
	| { kind: 'nodeFails'; itemIndex: number; message: (v: VendorRun) => string | RegExp };

export interface Setup {
	v: VendorRun;
	vendor: Vendor;
	row: Row;
	items: IDataObject[];
	faults: FaultLog;
}

export interface CaseRun extends Setup {
	result: NodeRun;
	already: ReadonlySet<number>;
	/** What `arrange` returned. */
	state: IDataObject;
}

export interface FaultCase {
	id: string;
	title: string;
	/** True when the case makes sense for the row; otherwise why not, which the table shows. */
	applies?(row: Row, vendor: Vendor): true | string;
	/** Run with a credential that exchanges a token (Garmat: session mode). */
	tokenMode?: boolean;
	staleToken?: boolean;
	/** Requests the sandbox's own rate limiter refuses, by count. */
	refuseCounted?: number[];
	items?: number;
	/** Default true. */
	continueOnFail?: boolean;
	options?: IDataObject;
	/** Run the row's lookup variant (Create: Return Existing, item 1 exists), so that it reads. */
	lookups?: boolean;
	/** No fault at all: outputs must be exactly the clean ones. */
	clean?: boolean;
	arrange?(setup: Setup): IDataObject | void;
	expect(row: Row, vendor: Vendor): Expectation;
	check?(run: CaseRun): string[];
}

export const allDone = (): Expectation => ({ kind: 'allDone' });

/** Applies to rows with a write. */
export const withWrite = (row: Row): true | string => (row.write ? true : 'a read: it sends no write to fault');

export const withToken = (_row: Row, vendor: Vendor): true | string =>
	vendor.hasToken ? true : `${vendor.name} has no token exchange: its key and token travel in every request`;

/** The write requests the row sent, every item's. */
export const writes = (run: Setup) => (run.row.write ? receivedBy(run.v.sandbox, run.row.write.target) : []);

/** Writes the items send when nothing goes wrong: one each, but for items whose effect was there (or as the row counts them). */
export const cleanWrites = (run: CaseRun) => {
	const write = run.row.write;
	if (!write) return 0;
	return write.cleanCount ? write.cleanCount(run.items, run.already) : run.items.length - run.already.size;
};

export const tokenRequests = (run: Setup) => (run.v.token ? receivedBy(run.v.sandbox, run.v.token) : []);

/** Item 0's write. */
export const firstWrite = ({ row }: Setup): Target => oneItem(row.write!.target, row.write!.key);

/** The reads a read fault hits: from the row's `faultRead` on (a list's second page). */
export const reads = ({ v, row }: Setup): Target => fromNth(anyOf(v.isRead), row.faultRead ?? 1);

/** What a case about "the request" hits: the write, or for a read its reads. */
export const primary = (setup: Setup): Target => (setup.row.write ? setup.row.write.target : reads(setup));

/** Every request to the API (not the token exchange). */
export const apiCalls = ({ v }: Setup): Target => anyOf((r) => v.isRead(r) || v.isWrite(r));
