import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { HeaderBag } from './retryPolicy';

/** What one attempt of a request came to, whatever the HTTP client threw or returned. */
export type AttemptOutcome =
	| { kind: 'response'; status: number; headers: HeaderBag; body: unknown }
	/** The connection failed before the request was written: nothing reached the server. */
	| { kind: 'notSent'; code: string }
	/** Timeout, reset or hang-up after the request may have been written: the server may have acted. */
	| { kind: 'ambiguous'; code: string };

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL']);

/**
 * TLS failures happen in the handshake, before the request is written: a certificate the client
 * does not trust, a host name it does not cover, or a server that does not speak TLS at all.
 */
const TLS_CODES = new Set([
	'EPROTO',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const isTlsCode = (code: string) => TLS_CODES.has(code) || code.startsWith('ERR_SSL_');

/** A connection failure in words, and what usually fixes it. */
export function connectionFailure(code: string): { what: string; fix: string } {
	if (code === 'ECONNREFUSED') return { what: 'the connection was refused', fix: 'Nothing answers at this host and port: it may be down, or the address is wrong.' };
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { what: 'the host name was not found', fix: 'The name does not resolve: check it for a typo.' };
	if (isTlsCode(code)) {
		return { what: 'the secure connection (TLS) failed', fix: 'The server\'s certificate is not trusted here, or it does not speak https: check the scheme (https:// or http://) and the host.' };
	}
	return { what: 'no connection could be made', fix: 'The host did not accept a connection.' };
}

function findInCauses<T>(error: unknown, pick: (value: Record<string, unknown>) => T | undefined): T | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const found = pick(current as Record<string, unknown>);
		if (found !== undefined) return found;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * Reads a thrown HTTP failure without keeping it: the thrown object holds the request
 * configuration, and with it the credential, so only status, headers, body and code are taken.
 */
export function outcomeOfThrown(error: unknown): AttemptOutcome {
	const response = findInCauses(error, (value) => {
		const candidate = value.response as { status?: unknown; headers?: unknown; data?: unknown } | undefined;
		return candidate && typeof candidate.status === 'number' ? candidate : undefined;
	});
	if (response) {
		return {
			kind: 'response',
			status: response.status as number,
			headers: (response.headers ?? {}) as HeaderBag,
			body: response.data,
		};
	}
	const code =
		findInCauses(error, (value) => (typeof value.code === 'string' ? value.code : undefined)) ?? 'UNKNOWN';
	return NOT_SENT_CODES.has(code) || isTlsCode(code) ? { kind: 'notSent', code } : { kind: 'ambiguous', code };
}

/** Turns a body that may be a JSON string, a Buffer, plain text or an object into something readable. */
export function decodeBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (text.startsWith('{') || text.startsWith('[')) {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return text;
		}
	}
	return text;
}

/** Replaces every occurrence of a secret with a mask; secrets shorter than 4 characters are left alone. */
export function redact(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length >= 4) result = result.split(secret).join('[redacted]');
	}
	return result;
}

/**
 * A body that still looks like JSON after decoding did not parse: it is broken JSON, not words
 * for a user. Returns its text, so it can be shown as a detail.
 */
export function malformedJson(body: unknown): string | undefined {
	if (typeof body !== 'string') return undefined;
	const text = body.trim();
	return text.startsWith('{') || text.startsWith('[') ? text : undefined;
}

/** A plain-text body is shown as the message only while it is short enough to be one. */
export function plainTextMessage(body: unknown): string | undefined {
	if (typeof body !== 'string') return undefined;
	const text = body.trim();
	if (!text || text.length > 300 || text.startsWith('<') || malformedJson(text)) return undefined;
	return text;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	409: 'Conflict',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

export interface ApiErrorDetails {
	vendorName: string;
	status?: number;
	/** The vendor's own words, when it gave any. */
	vendorMessage?: string;
	/** Our message, when the vendor gave none or the failure is not an HTTP answer. */
	fallbackMessage: string;
	hint?: string;
	itemIndex: number;
	body?: unknown;
	secrets: readonly string[];
}

/**
 * The one place an HTTP failure becomes a node error: the vendor's message and the status, with
 * every known secret masked in every string that leaves the node.
 */
export function buildApiError(node: INode, details: ApiErrorDetails): NodeApiError {
	const { status, secrets } = details;
	const message = redact(details.vendorMessage ?? details.fallbackMessage, secrets);
	const statusText = status ? `HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}` : undefined;
	const description = redact(
		[statusText ? `${details.vendorName} answered ${statusText}.` : undefined, details.hint]
			.filter(Boolean)
			.join(' '),
		secrets,
	);
	const bodyText = details.body === undefined ? undefined : redact(typeof details.body === 'string' ? details.body : JSON.stringify(details.body), secrets).slice(0, 2000);
	const errorResponse: JsonObject = { message, ...(status ? { httpCode: String(status) } : {}), ...(bodyText ? { responseBody: bodyText } : {}) };
	const error = new NodeApiError(node, errorResponse, {
		message,
		description: description || undefined,
		httpCode: status ? String(status) : undefined,
		itemIndex: details.itemIndex,
	});
	// NodeApiError replaces a message that mentions a Node error code (ECONNREFUSED, ENOTFOUND,
	// ...) with n8n's generic words, which name no host: ours says which host and what to fix.
	error.message = message;
	return error;
}
