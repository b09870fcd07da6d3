import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { checkEndpoint } from './endpoint';
import type { ConcurrencySlots } from './concurrency';
import { ItemSlots } from './concurrency';
import type { AttemptOutcome } from './errors';
import { buildApiError, connectionFailure, decodeBody, malformedJson, outcomeOfThrown, plainTextMessage } from './errors';
import type { ClientRateLimit, RateGate } from './rateGate';
import { ALL_REQUESTS, rateGateFor } from './rateGate';
import type { RetryPolicy } from './retryPolicy';
import { backoffMs, DEFAULT_RETRY_POLICY, rateLimitDelayMs } from './retryPolicy';

export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions;

/** What a vendor folder tells the shared transport; the mechanics stay here. */
export interface VendorApi {
	/** As users know the product, used in messages. */
	name: string;
	credentialType: string;
	/**
	 * Where the credential keeps the API's address (hosts differ per region or customer): its value,
	 * the field's label and an example, so a wrong one is refused naming the field.
	 */
	endpoint(credentials: ICredentialDataDecryptedObject): { url: unknown; field: string; example: string };
	/** Credential fields whose values must never appear in an output, error or log. */
	secretFields: readonly string[];
	/** The vendor's own error message from a decoded error body, if it has one. */
	readErrorMessage(body: unknown): string | undefined;
	/** Answers besides 429 that mean "slow down" (e.g. Garmat's 422 "API limit reached"). */
	isRateLimited?(status: number, body: unknown): boolean;
	/** The documented budget, for vendors that do not announce it in headers. */
	clientRateLimit?: ClientRateLimit;
	/**
	 * The class of a request, for a vendor that gives each class a budget of its own and announces
	 * it on that class's answers (OpsRamp: writes, paginated GETs, other GETs). Without it, one
	 * budget counts every request.
	 */
	requestClass?(request: ApiRequest): string;
	/**
	 * Refuses a credential that must not be used, before any request: returns why, or undefined.
	 * (Luzmo creates a new organization for a create sent without a token.)
	 */
	credentialProblem?(credentials: ICredentialDataDecryptedObject): string | undefined;
	/**
	 * Per-status hints that tell a user how to fix the problem. The 404 hint is for a record the
	 * vendor does not have; a 404 from an address that is not the vendor's API gets one naming the
	 * credential's address field instead.
	 */
	hints?: Partial<Record<number, string>>;
	/**
	 * Whether a 404's body is the vendor's answer for a record it does not have. Otherwise the
	 * route itself is unknown (a wrong host or base URL): HTML, plain text, a framework's page.
	 * Default: any JSON object.
	 */
	isRecordNotFound?(body: unknown): boolean;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, starting with "/". */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: IDataObject;
	/**
	 * Whether sending the request twice has the same effect as sending it once. Only idempotent
	 * requests are repeated after an answer that may hide a completed action (timeout, reset, 5xx).
	 */
	idempotent: boolean;
}

const UNCERTAIN = 'outcomeUncertain';
const ACTED_BEFORE = 'earlierAttemptMayHaveActed';
const ROUTE_MISSING = 'routeMissing';

const contextOf = (error: unknown) => (error as { context?: IDataObject } | undefined)?.context;

/** True for the error of a non-idempotent request that may have reached the server. */
export function isOutcomeUncertain(error: unknown): boolean {
	return contextOf(error)?.[UNCERTAIN] === true;
}

/**
 * True for the error of a request repeated after an attempt that may have acted (its answer lost,
 * or a 5xx): a "not found" then may be that attempt's own effect.
 */
export function mayHaveActedBefore(error: unknown): boolean {
	return contextOf(error)?.[ACTED_BEFORE] === true;
}

/** True for a 404 from an address that is not the vendor's API (no such route), not a missing record. */
export function isRouteMissing(error: unknown): boolean {
	return contextOf(error)?.[ROUTE_MISSING] === true;
}

/** Refusals retried through the learned pace, per retry of the policy's: an item refused that often gives up as with a backoff. */
const PACED_RETRIES_PER_RETRY = 4;

/** Connection failures (refused, DNS, TLS) an execution tolerates per request before it stops trying. */
const CONNECT_RETRIES = 3;

function secretValues(vendor: VendorApi, credentials: ICredentialDataDecryptedObject): string[] {
	return vendor.secretFields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/**
 * One execution's connection to one vendor: base URL and secrets read once, a rate gate shared
 * with every other execution on the same credential and host.
 */
export class ApiSession {
	/**
	 * Set once a request has used up its retries on a connection failure (refused, DNS, TLS): the
	 * host is not reachable now, so every later request of this execution fails at once with the
	 * same error instead of paying the retries again.
	 */
	private unreachable?: { code: string; attempts: number };

	private constructor(
		private readonly ctx: ApiContext,
		readonly vendor: VendorApi,
		readonly baseUrl: string,
		/** The credential field the base URL comes from, for messages. */
		private readonly endpointField: { field: string; example: string },
		private readonly secrets: string[],
		private readonly gate: RateGate,
		readonly policy: RetryPolicy,
		/** The node's Concurrency option ('auto' where not set): reads of many pages keep to a pinned number too. */
		readonly concurrencySetting: 'auto' | number = 'auto',
	) {
		this.itemSlots = new ItemSlots(gate.concurrency);
	}

	/** This execution's items on the credential's Auto slots. */
	private readonly itemSlots: ItemSlots;

	static async open(ctx: ApiContext, vendor: VendorApi, policy: Partial<RetryPolicy> = {}, concurrency: 'auto' | number = 'auto'): Promise<ApiSession> {
		const credentials = await ctx.getCredentials(vendor.credentialType);
		const endpoint = vendor.endpoint(credentials);
		const checked = checkEndpoint(endpoint.url, { vendor: vendor.name, field: endpoint.field, example: endpoint.example });
		const problem = checked.problem ?? vendor.credentialProblem?.(credentials);
		if (problem !== undefined || checked.url === undefined) {
			throw new NodeOperationError(ctx.getNode(), problem ?? `The ${vendor.name} credential's ${endpoint.field} is not valid`, {
				description: `Fix the ${vendor.name} credential; no request was sent.`,
			});
		}
		const baseUrl = checked.url;
		const secrets = secretValues(vendor, credentials);
		const credentialId = ctx.getNode().credentials?.[vendor.credentialType]?.id ?? 'inline';
		const gate = rateGateFor(`${vendor.credentialType}:${credentialId}:${baseUrl}`, vendor.clientRateLimit);
		return new ApiSession(ctx, vendor, baseUrl, endpoint, secrets, gate, { ...DEFAULT_RETRY_POLICY, ...policy }, concurrency);
	}

	/** Concurrency: Auto's slots for this credential and host, shared by every execution in this process. */
	get concurrency(): ConcurrencySlots {
		return this.itemSlots;
	}

	/** Masks this credential's secrets in a text meant for a user. */
	get secretValues(): readonly string[] {
		return this.secrets;
	}

	/**
	 * Sends a request with the credential applied by n8n, retrying what is safe to retry:
	 * rate limits always (the server refused the work), failures before sending a few times,
	 * 5xx and lost answers only for idempotent requests. A create whose answer was lost is
	 * reported as uncertain for the caller to check, never sent again from here.
	 */
	async request<T = unknown>(request: ApiRequest, itemIndex: number): Promise<T> {
		const attempts = { mayHaveActed: false };
		// Every error from attempt() is a node error built here; it leaves unchanged, outside the catch.
		let failure: unknown;
		try {
			return await this.attempt<T>(request, itemIndex, attempts);
		} catch (error) {
			failure = error;
		}
		// A "not found" answered to a repeat may be the first attempt's own effect.
		if (attempts.mayHaveActed && failure instanceof NodeApiError) failure.context[ACTED_BEFORE] = true;
		throw failure;
	}

	private async attempt<T>(request: ApiRequest, itemIndex: number, attempts: { mayHaveActed: boolean }): Promise<T> {
		const { policy } = this;
		let waited = 0;
		let attempt = 0;
		let connectFailures = 0;
		let pacedRetries = 0;
		const requestClass = this.vendor.requestClass?.(request) ?? ALL_REQUESTS;

		const wait = async (ms: number, reason: () => NodeApiError) => {
			if (waited + ms > policy.maxTotalWaitMs) throw reason();
			waited += ms;
			await sleep(ms);
		};

		for (;;) {
			if (this.unreachable) throw this.unreachableError(itemIndex, this.unreachable);
			for (let admission = this.gate.admit(requestClass); admission > 0; admission = this.gate.admit(requestClass)) {
				await wait(admission, () => this.error(itemIndex, { fallbackMessage: `Waited more than ${Math.round(policy.maxTotalWaitMs / 1000)} s for ${this.vendor.name}'s rate limit to allow the request` }));
			}
			if (this.unreachable) {
				// Admitted but never sent: the gate forgets it, as it does a request that did not leave.
				this.gate.release(undefined, undefined, requestClass);
				throw this.unreachableError(itemIndex, this.unreachable);
			}
			const sentAt = Date.now();
			const outcome = await this.send(request);
			// An error answer's body, decoded once: it tells a refusal for the rate, and the error quotes it.
			const answered = outcome.kind === 'response' ? outcome : undefined;
			const errorBody = answered && answered.status >= 400 ? decodeBody(answered.body) : undefined;
			const rateLimited = answered !== undefined && (answered.status === 429 || (answered.status >= 400 && (this.vendor.isRateLimited?.(answered.status, errorBody) ?? false)));
			// The round trip feeds Concurrency: Auto; a request that never left has none. Whether the
			// answer was a refusal for the rate tells the gate whether its probing may end.
			this.gate.release(answered?.headers, outcome.kind === 'notSent' ? undefined : Date.now() - sentAt, requestClass, answered !== undefined && !rateLimited);

			if (outcome.kind === 'response' && outcome.status < 400) return decodeBody(outcome.body) as T;
			// Any error built from here on may quote the token n8n fetched during this execution.
			await this.refreshSecrets();

			const retriesLeft = attempt < policy.maxRetries;
			if (outcome.kind === 'response') {
				const body = errorBody;
				const { status } = outcome;
				if (rateLimited) {
					const delay = this.gate.blockFor(rateLimitDelayMs(outcome.headers, attempt, policy, Date.now()), outcome.headers, requestClass);
					// Paced to a learned rate, the retry queues at the gate like any request: the pacer,
					// not this item, is what was too fast, and the time it waits there counts toward
					// the limit on waiting, not toward its attempts.
					if (delay === 'paced' && ++pacedRetries <= PACED_RETRIES_PER_RETRY * policy.maxRetries) continue;
					if (!retriesLeft) throw this.httpError(itemIndex, status, body, `Gave up after ${attempt + 1} rate-limited attempts.`);
					// Nothing of this item's is in flight while it waits: its Auto slot is free for others.
					const ms = delay === 'paced' ? 0 : delay;
					await this.itemSlots.lendWhile(itemIndex, async () => await wait(ms, () => this.httpError(itemIndex, status, body, `Still rate limited after waiting ${Math.round(waited / 1000)} s.`)));
				} else if (status >= 500) {
					if (!request.idempotent) throw this.uncertain(this.httpError(itemIndex, status, body));
					if (!retriesLeft) throw this.httpError(itemIndex, status, body);
					attempts.mayHaveActed = true;
					await wait(backoffMs(attempt, policy), () => this.httpError(itemIndex, status, body));
				} else {
					throw status === 404 ? this.notFoundError(itemIndex, body, request) : this.httpError(itemIndex, status, body);
				}
			} else if (outcome.kind === 'notSent') {
				// Nothing reached the server: safe to try again, a few times. Once one request has used
				// them up, the host is unreachable for the rest of this execution.
				connectFailures += 1;
				if (connectFailures > Math.min(CONNECT_RETRIES, policy.maxRetries)) {
					this.unreachable ??= { code: outcome.code, attempts: connectFailures };
					throw this.unreachableError(itemIndex, { code: outcome.code, attempts: connectFailures });
				}
				await wait(backoffMs(attempt, policy), () => this.unreachableError(itemIndex, { code: outcome.code, attempts: connectFailures }));
			} else {
				const failure = () =>
					this.error(itemIndex, {
						fallbackMessage: outcome.code === 'ECONNABORTED' || outcome.code === 'ETIMEDOUT'
							? `${this.vendor.name} did not answer within ${Math.round(policy.timeoutMs / 1000)} s`
							: `The connection to ${this.vendor.name} at ${this.baseUrl} broke off (${outcome.code})`,
					});
				if (!request.idempotent) throw this.uncertain(failure());
				if (!retriesLeft) throw failure();
				attempts.mayHaveActed = true;
				await wait(backoffMs(attempt, policy), failure);
			}
			attempt += 1;
		}
	}

	/** The error of a host this execution cannot reach: the host and the credential field named. */
	private unreachableError(itemIndex: number, failure: { code: string; attempts: number }): NodeApiError {
		const { field, example } = this.endpointField;
		const wording = connectionFailure(failure.code);
		return this.error(itemIndex, {
			fallbackMessage: `Could not reach ${this.vendor.name} at ${this.baseUrl}: ${wording.what} (${failure.code})`,
			hint: `${wording.fix} Check the ${field} in the ${this.vendor.name} credential (e.g. ${example}) and the network. Tried ${failure.attempts} times, then stopped trying this host for the rest of the execution.`,
		});
	}

	/**
	 * Adds the credential's current secret values to the masked ones. The session reads them when it
	 * opens, before n8n has fetched a token for an expirable field (or after a 401, a new one), so
	 * a token obtained during this execution would otherwise be shown unmasked should the API
	 * quote it in an error (Spring OAuth's 401 does: "Invalid access token: <token>").
	 */
	private async refreshSecrets(): Promise<void> {
		let credentials: ICredentialDataDecryptedObject;
		try {
			credentials = await this.ctx.getCredentials(this.vendor.credentialType);
		} catch {
			return;
		}
		for (const value of secretValues(this.vendor, credentials)) {
			if (!this.secrets.includes(value)) this.secrets.push(value);
		}
	}

	private async send(request: ApiRequest): Promise<AttemptOutcome> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${this.baseUrl}${request.path}`,
			qs: request.qs,
			body: request.body,
			headers: request.headers,
			json: true,
			returnFullResponse: true,
			// Every status comes back as an answer except 401, which n8n turns into one token
			// refresh and one repeat for credentials with an expirable token.
			ignoreHttpStatusErrors: { ignore: true, except: [401] },
			timeout: this.policy.timeoutMs,
		};
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				this.vendor.credentialType,
				options,
			)) as { statusCode: number; headers: Record<string, string>; body: unknown };
			return { kind: 'response', status: response.statusCode, headers: response.headers ?? {}, body: response.body };
		} catch (error) {
			return outcomeOfThrown(error);
		}
	}

	private httpError(itemIndex: number, status: number, body: unknown, extra?: string): NodeApiError {
		const vendorMessage = this.vendor.readErrorMessage(body) ?? plainTextMessage(body);
		const broken = malformedJson(body);
		const detail = broken === undefined ? undefined : `Its answer was not valid JSON: ${broken.slice(0, 200)}`;
		return this.error(itemIndex, {
			status,
			vendorMessage,
			fallbackMessage: `${this.vendor.name} refused the request (HTTP ${status})`,
			hint: [this.vendor.hints?.[status], extra, detail].filter(Boolean).join(' ') || undefined,
			body,
		});
	}

	/**
	 * A 404 is one of two things: the vendor has no such record (its own error shape), or the
	 * address is not the vendor's API at all (HTML, plain text, a framework's page), which points
	 * at the host or base URL in the credential rather than at an ID.
	 */
	private notFoundError(itemIndex: number, body: unknown, request: ApiRequest): NodeApiError {
		const isRecord = this.vendor.isRecordNotFound ?? ((value: unknown) => Boolean(value) && typeof value === 'object' && !Array.isArray(value));
		if (isRecord(body)) return this.httpError(itemIndex, 404, body);
		const { field, example } = this.endpointField;
		const words = plainTextMessage(body);
		const error = this.error(itemIndex, {
			status: 404,
			fallbackMessage: `${this.baseUrl}${request.path} is not an address of ${this.vendor.name}'s API`,
			hint: [
				words === undefined ? undefined : `It answered "${words.slice(0, 120)}",`,
				`not ${this.vendor.name}'s answer for a missing record: the host or base URL is wrong.`,
				`Check the ${field} in the ${this.vendor.name} credential (e.g. ${example}).`,
			]
				.filter(Boolean)
				.join(' '),
			body,
		});
		error.context[ROUTE_MISSING] = true;
		return error;
	}

	error(
		itemIndex: number,
		details: { status?: number; vendorMessage?: string; fallbackMessage: string; hint?: string; body?: unknown },
	): NodeApiError {
		return buildApiError(this.ctx.getNode(), {
			...details,
			vendorName: this.vendor.name,
			itemIndex,
			secrets: this.secrets,
		});
	}

	private uncertain(error: NodeApiError): NodeApiError {
		error.context[UNCERTAIN] = true;
		return error;
	}
}
