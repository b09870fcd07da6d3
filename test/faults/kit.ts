/**
 * What a fault case is, and the small helpers cases are written with: installing a fault on the
 * vendor's create, lookup or token requests, answers computed when sent, request counts.
 */
import type { IDataObject } from 'n8n-workflow';

import type { NodeRun } from '../harness/workflow';
import type { SandboxRequest, SandboxResponse } from '../sandbox/toolkit';
import type { Target, VendorRun } from './vendors';
import { receivedBy } from './vendors';

export type Expectation =
	/** Every item is created, or returned as existing when its user was seeded. */
	| { kind: 'allDone' }
	/** Under Continue On Fail: these items (all when omitted) are error items with this message; the rest are done. */
	| { kind: 'errorItems'; indices?: number[]; message: (v: VendorRun) => string | RegExp }
	/** Without Continue On Fail: the node fails with this item's error. */
	| { kind: 'nodeFails'; itemIndex: number; message: (v: VendorRun) => string | RegExp };

export interface CaseRun {
	v: VendorRun;
	items: IDataObject[];
	result: NodeRun;
	/** What `arrange` returned. */
	state: IDataObject;
}

export interface FaultCase {
	id: string;
	title: string;
	/** Only for vendors with a token exchange (Domo, OpsRamp, Garmat in session mode). */
	tokenOnly?: boolean;
	items?: number;
	/** Default true. */
	continueOnFail?: boolean;
	options?: IDataObject;
	/** Items whose user exists before the run. */
	existing?: number[];
	arrange(v: VendorRun): IDataObject | void;
	expect: Expectation;
	/** Case-specific checks; each string returned is a violation. */
	check?(run: CaseRun): string[];
}

type When = 'before' | 'after';

export function fault(v: VendorRun, target: Target, times: number, when: When, action: Parameters<VendorRun['sandbox']['fault']>[0]['action']) {
	v.sandbox.fault({ ...target, times, when, action });
}

export const respond = (response: SandboxResponse) => ({ type: 'respond' as const, response });

/** An answer computed when it is sent: a header with the current time, a body quoting the request. */
export function live(status: number, body: () => unknown, headers: () => Record<string, string> = () => ({})): SandboxResponse {
	return {
		status,
		get body() {
			return body();
		},
		get headers() {
			return headers();
		},
	};
}

export const creates = (v: VendorRun) => receivedBy(v.sandbox, v.create);
export const lookups = (v: VendorRun) => receivedBy(v.sandbox, v.lookup);
export const tokenRequests = (v: VendorRun) => (v.token ? receivedBy(v.sandbox, v.token) : []);

export function count(label: string, actual: number, expected: number): string[] {
	return actual === expected ? [] : [`${label}: expected ${expected}, got ${actual}`];
}

export function atLeast(label: string, actual: number, minimum: number): string[] {
	return actual >= minimum ? [] : [`${label}: expected at least ${minimum}, got ${actual}`];
}

/** Gaps between consecutive requests, from the first one. */
export function gaps(requests: SandboxRequest[], howMany: number): number[] {
	return requests.slice(1, howMany + 1).map((request, i) => request.at - requests[i].at);
}

export const bearer = (request: SandboxRequest | undefined) => String(request?.headers.authorization ?? '').replace(/^bearer\s+/i, '');

