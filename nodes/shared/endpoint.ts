/**
 * The address a credential gives for the API (a host, a region's host, a base URL), read and
 * checked before any request: trimmed, with its scheme and a host, no path, query or fragment, and
 * no user name or password. A wrong one fails at once with a message that names the credential
 * field. A value holding `user:password@` is never repeated in a message.
 * Credentials use it too (their token exchange and Test button), so it has no n8n imports.
 */

export interface EndpointField {
	/** As users know the product, e.g. "Domo". */
	vendor: string;
	/** The credential field as its form labels it, e.g. "API Host". */
	field: string;
	/** A correct value, shown in messages. */
	example: string;
}

export type CheckedEndpoint = { url: string; problem?: undefined } | { url?: undefined; problem: string };

const SHOWN_LENGTH = 80;

const shown = (text: string) => JSON.stringify(text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}...` : text);

/** The part between the scheme and the first "/", "?" or "#": where `user:password@` would be. */
const authority = (text: string) => text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/, 1)[0];

/** Checks a credential's API address; returns it as scheme and host (with port), or why it is wrong. */
export function checkEndpoint(value: unknown, where: EndpointField): CheckedEndpoint {
	const name = `The ${where.vendor} credential's ${where.field}`;
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) return { problem: `${name} is empty: enter the address of ${where.vendor}'s API, e.g. ${where.example}` };
	if (authority(text).includes('@')) {
		return {
			problem: `${name} contains a user name or password (the part before "@"): remove it. The address is not shown here, as it holds a secret; ${where.vendor}'s credentials go in their own fields.`,
		};
	}
	if (!/^https?:\/\//i.test(text)) {
		return { problem: `${name} must start with https:// (or http://), e.g. ${where.example}; it is ${shown(text)}` };
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { problem: `${name} is not a valid address: ${shown(text)}. Enter it as e.g. ${where.example}` };
	}
	const extra = `${url.pathname.replace(/\/+$/, '')}${url.search}${url.hash}`;
	if (extra) {
		return { problem: `${name} must be the address alone, without a path: remove ${shown(extra)} (e.g. ${where.example})` };
	}
	return { url: url.origin };
}
