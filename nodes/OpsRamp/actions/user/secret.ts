import { redact } from '../../../shared/errors';

/**
 * Runs `work` and, should it fail, masks `secret` in every text of the error before it leaves:
 * the shared transport masks the credential's secrets, but the new user's password is an input,
 * and an API that quotes the body it refused would otherwise show it in the UI.
 * The error itself (its class, item index, HTTP code and "outcome uncertain" mark) is unchanged.
 */
export async function withoutSecret<T>(secret: string | undefined, work: () => Promise<T>): Promise<T> {
	let failure: unknown;
	try {
		return await work();
	} catch (error) {
		failure = error;
	}
	if (secret) scrub(failure, [secret]);
	throw failure;
}

function scrub(value: unknown, secrets: string[], depth = 0): void {
	if (!value || typeof value !== 'object' || depth > 3) return;
	const record = value as Record<string, unknown>;
	for (const key of Object.keys(record)) {
		const field = record[key];
		if (typeof field === 'string') record[key] = redact(field, secrets);
		else if (key !== 'node') scrub(field, secrets, depth + 1);
	}
	// message and stack are own properties of an Error, but not enumerable on every engine.
	for (const key of ['message', 'description', 'stack']) {
		if (typeof record[key] === 'string') record[key] = redact(record[key] as string, secrets);
	}
}
