/**
 * What the benchmark needs from a vendor: the sandbox with its latency and rate limit, the items
 * of an onboarding batch, and the same create call made three ways: our node, n8n's HTTP Request
 * node configured as a user would, and a raw axios call. One file per vendor implements it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunNodeOptions } from '../../harness/workflow';
import type { Sandbox } from '../../sandbox/toolkit';
import type { RateLimitShape } from '../limits';

export const VENDORS = ['luzmo', 'domo', 'opsramp', 'garmat'] as const;
export type VendorName = (typeof VENDORS)[number];

export type IfUserExists = 'error' | 'returnExisting';

/** Where a client finds the sandbox, and the secrets it was started with. */
export interface Target {
	url: string;
	secrets: Record<string, string>;
	/** A fresh id per run: the node's rate gate and n8n's stored token are per credential. */
	credentialId: string;
}

export interface SandboxCounters {
	/** Create requests the sandbox accepted, i.e. users created. */
	created: number;
	/** Emails created more than once. */
	duplicates: number;
	/** Answers refused by the rate limit (429, or Garmat's 422 "API limit reached"). */
	rateLimited: number;
	/** Token exchanges; undefined for a vendor without tokens. */
	tokenRequests: number | undefined;
	/** Every request the sandbox received. */
	requests: number;
	/** When the first request arrived (epoch ms). */
	firstRequestAt: number | undefined;
	/** Requests the client kept in flight: time-weighted average and maximum. */
	inFlightAverage: number | undefined;
	inFlightMax: number | undefined;
}

export interface BenchSandbox {
	sandbox: Sandbox;
	target(credentialId: string): Target;
	counters(): SandboxCounters;
	/** Emails of every user the sandbox holds, lower-cased. */
	userEmails(): Set<string>;
	/** A user that exists before the run. */
	seed(item: IDataObject): void;
}

/** The same create request through axios, as a developer writing the loop by hand would. */
export interface RawClient {
	/** Exchanges the credential for a token once, before the loop; absent for vendors without tokens. */
	token?(): Promise<string>;
	create(item: IDataObject, token: string | undefined): Promise<IDataObject>;
}

export type NodeRunSpec = Omit<RunNodeOptions, 'items'>;

export interface VendorProfile {
	name: VendorName;
	title: string;
	/** Whether the credential exchanges a key for a token (one exchange per run is the target). */
	tokenBased: boolean;
	/**
	 * Whether our node paces itself to the documented limit (Luzmo). Such a vendor is compared
	 * under its limit, with the other clients paced as a user would pace them.
	 */
	pacesItself: boolean;
	/** The limit the sandbox enforces in the limits section, and where the number comes from. */
	limit: RateLimitShape;
	limitNote: string;
	/** Starts the sandbox on 127.0.0.1, with a latency and optionally the rate limit. */
	start(latencyMs: number, limit: RateLimitShape | undefined): Promise<BenchSandbox>;
	item(prefix: string, index: number): IDataObject;
	ours(target: Target, options: OursOptions): NodeRunSpec;
	/** n8n's HTTP Request node: same endpoint, body and authentication; batching as the caller sizes it (none: its default). */
	http(target: Target, batch: Batching | undefined): NodeRunSpec;
	raw(target: Target): RawClient;
}

/** HTTP Request node version: the default of n8n-nodes-base 2.41 (what a new node on the canvas gets). */
export const HTTP_REQUEST_VERSION = 4.5;

/** The HTTP Request node's Options > Batching: Items per Batch, Batch Interval (ms). */
export interface Batching {
	batchSize: number;
	batchIntervalMs: number;
}

/** The HTTP Request node's Options: Batching when given, nothing otherwise (its default: every item at once). */
export function batching(batch: Batching | undefined): IDataObject {
	return batch ? { batching: { batch: { batchSize: batch.batchSize, batchInterval: batch.batchIntervalMs } } } : {};
}

export interface OursOptions {
	concurrency: 'auto' | number;
	ifUserExists: IfUserExists;
}

/** Our node's Options as a user leaves them: only what differs from the defaults is set. */
export function oursOptions(options: OursOptions): INodeParameters {
	return {
		...(options.concurrency === 'auto' ? {} : { concurrency: options.concurrency }),
		...(options.ifUserExists === 'error' ? {} : { ifUserExists: options.ifUserExists }),
	};
}

export function jsonBody(fields: Record<string, string>): string {
	return `={ ${Object.entries(fields)
		.map(([key, value]) => `"${key}": ${value}`)
		.join(', ')} }`;
}

export const lower = (emails: Iterable<string>) => new Set([...emails].map((email) => email.toLowerCase()));

export function counters(sandbox: Sandbox & { createdByEmail: Map<string, number>; duplicates(): string[] }, tokenRequests: number | undefined): SandboxCounters {
	return {
		created: sandbox.createdByEmail.size,
		duplicates: sandbox.duplicates().length,
		rateLimited: sandbox.rateLimited,
		tokenRequests,
		requests: sandbox.requests.length,
		firstRequestAt: sandbox.requests[0]?.at,
		inFlightAverage: sandbox.inFlightStats()?.average,
		inFlightMax: sandbox.inFlightStats()?.max,
	};
}

export async function listen<S extends Sandbox>(sandbox: S, latencyMs: number): Promise<S> {
	sandbox.latencyMs = latencyMs;
	await sandbox.start();
	sandbox.trackInFlight();
	return sandbox;
}
