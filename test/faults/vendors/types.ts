/**
 * What a vendor adapter gives the fault table: its sandbox started for one run, which of its
 * requests read and which change something, its token exchange, how it words an error and a
 * rate limit, which values are secret, and its operations as rows.
 * Every secret is recognisable and unique to one run, so a hit in the shared log capture is
 * attributed to the run that leaked it even when runs overlap.
 */
import { randomBytes } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { NodeRun } from '../../harness/workflow';
import { runNode } from '../../harness/workflow';
import type { Sandbox, SandboxRequest, SandboxResponse } from '../../sandbox/toolkit';
import type { Target } from '../kit';
import type { OperationRow } from '../rows';

/** What running a row needs: the node's Resource, Operation and parameters. */
export interface RowCall {
	resource: string;
	operation: string;
	parameters: INodeParameters;
}

export type VendorId = 'luzmo' | 'domo' | 'opsramp' | 'garmat';

export interface RunSettings {
	items: IDataObject[];
	continueOnFail: boolean;
	options: IDataObject;
}

/** One vendor's sandbox, started for one run, with everything a case needs to drive it. */
export interface VendorRun<S extends Sandbox = Sandbox> {
	vendor: VendorId;
	/** As users know the product; the shared transport's messages use it. */
	name: string;
	sandbox: S & { duplicates(): string[] };
	/** Named secret values: credential fields, tokens issued so far, derived forms, user passwords. */
	secrets(): Record<string, string>;
	/** A request to the API that only reads (a lookup, a page of a list). */
	isRead(request: SandboxRequest): boolean;
	/** A request to the API that changes something. */
	isWrite(request: SandboxRequest): boolean;
	/** The token exchange, for credentials that have one. */
	token?: Target;
	expireTokens?(): void;
	/** An error body in the vendor's own shape, carrying `message`. */
	errorBody(status: number, message: string): unknown;
	/** The vendor's 429 as it sends it, with the headers it announces (computed when sent). */
	rateLimited(): SandboxResponse;
	/** The token endpoint's refusal in the vendor's shape, and the message the node should show. */
	tokenRefusal?: { body: unknown; message: string };
	/** The API's refusal of a token it does not know, echoing it (Spring OAuth does). */
	unknownTokenBody?(token: string): unknown;
	run(row: RowCall, settings: RunSettings): Promise<NodeRun>;
	stop(): Promise<void>;
}

export interface StartOptions {
	/** A label unique to the run, built into every secret. */
	tag: string;
	/** Use a credential that exchanges a token (Garmat: session mode; Domo and OpsRamp always do). */
	tokenMode: boolean;
	/** The credential starts with an access token the API no longer accepts (expired between runs). */
	staleToken?: boolean;
	/** Requests the sandbox's own rate limiter refuses by their count (`refuseCounted`), with the vendor's answer. */
	refuseCounted?: number[];
}

export interface Vendor<R extends VendorRun<Sandbox> = VendorRun> {
	id: VendorId;
	name: string;
	/** Whether the vendor has a token exchange (for Garmat, in its session mode). */
	hasToken: boolean;
	/** What the sandbox's own rate limiter counts, so `refuseCounted` can reach an operation. */
	limiterCounts: 'every call' | 'writes';
	/** Every operation of the node, one row each. */
	rows: Array<OperationRow<R>>;
	start(options: StartOptions): Promise<R>;
}

export const secret = (vendor: string, field: string, tag: string) => `S3CR3T-${vendor}-${field}-${tag}-${randomBytes(4).toString('hex')}`;

/** Records every token a sandbox issues into its Set (the sandboxes keep only the live ones). */
export function recordIssued(tokens: Set<string>): string[] {
	const issued: string[] = [];
	const add = tokens.add.bind(tokens);
	tokens.add = (value: string) => {
		issued.push(value);
		return add(value);
	};
	return issued;
}

export const namedTokens = (issued: string[]) => Object.fromEntries(issued.map((token, i) => [`issued token ${i + 1}`, token]));

let credentialSeq = 0;

/** Runs one row of a node on the items, with a fresh credential id (rate gates and tokens are per credential). */
export async function runRow(
	node: string,
	type: string,
	data: ICredentialDataDecryptedObject,
	row: RowCall,
	settings: RunSettings,
): Promise<NodeRun> {
	return await runNode({
		node,
		parameters: { resource: row.resource, operation: row.operation, ...row.parameters, options: settings.options as INodeParameters },
		items: settings.items,
		continueOnFail: settings.continueOnFail,
		credentials: { id: `faults-${node}-${++credentialSeq}`, type, data },
	});
}
