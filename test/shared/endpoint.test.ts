/**
 * The checks behind a credential's address, and which connection failures count as "nothing was
 * sent" (retried a few times, then the execution stops trying the host): unit level, as the
 * workflow tests in setupErrors.test.ts cover refused connections and TLS, and a DNS failure
 * cannot be produced offline without waiting on a resolver.
 */
import { checkEndpoint } from '../../nodes/shared/endpoint';
import { connectionFailure, outcomeOfThrown } from '../../nodes/shared/errors';

const where = { vendor: 'Domo', field: 'API Host', example: 'https://api.domo.com' };
const name = "The Domo credential's API Host";

describe('checkEndpoint', () => {
	it.each([
		['https://api.domo.com', 'https://api.domo.com'],
		['  https://api.domo.com/  ', 'https://api.domo.com'],
		['\u00a0HTTPS://API.Domo.com//\t', 'https://api.domo.com'],
		['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
		['https://[::1]:8443/', 'https://[::1]:8443'],
	])('%j is read as %s', (value, url) => {
		expect(checkEndpoint(value, where)).toEqual({ url });
	});

	it.each([
		['', `${name} is empty: enter the address of Domo's API, e.g. https://api.domo.com`],
		[null, `${name} is empty: enter the address of Domo's API, e.g. https://api.domo.com`],
		['api.domo.com', `${name} must start with https:// (or http://), e.g. https://api.domo.com; it is "api.domo.com"`],
		['ftp://api.domo.com', `${name} must start with https:// (or http://), e.g. https://api.domo.com; it is "ftp://api.domo.com"`],
		['https://api domo.com', `${name} is not a valid address: "https://api domo.com". Enter it as e.g. https://api.domo.com`],
		['https://', `${name} is not a valid address: "https://". Enter it as e.g. https://api.domo.com`],
		['https://api.domo.com/v1', `${name} must be the address alone, without a path: remove "/v1" (e.g. https://api.domo.com)`],
		['https://api.domo.com?x=1', `${name} must be the address alone, without a path: remove "?x=1" (e.g. https://api.domo.com)`],
	])('%j is refused: %s', (value, problem) => {
		expect(checkEndpoint(value, where)).toEqual({ problem });
	});

	it.each(['https://admin:s3cr3t-pw@api.domo.com', 'admin:s3cr3t-pw@api.domo.com', 'https://s3cr3t-pw@api.domo.com/v1'])(
		'%s: a user name or password is refused, and neither is repeated',
		(value) => {
			const { problem } = checkEndpoint(value, where);
			expect(problem).toMatch(/^The Domo credential's API Host contains a user name or password/);
			expect(problem).not.toMatch(/s3cr3t|admin/);
		},
	);

	it('an "@" after the host (in a path) is no user name, and the path is what is refused', () => {
		expect(checkEndpoint('https://api.domo.com/@me', where).problem).toContain('without a path: remove "/@me"');
	});
});

describe('connection failures', () => {
	it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
		'%s: nothing was sent (safe to retry, a few times)',
		(code) => {
			expect(outcomeOfThrown(Object.assign(new Error('x'), { code }))).toEqual({ kind: 'notSent', code });
			// Found in a wrapped error too, as n8n-core hands it over.
			expect(outcomeOfThrown({ message: 'wrapped', cause: Object.assign(new Error('x'), { code }) })).toEqual({ kind: 'notSent', code });
		},
	);

	it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE'])('%s: the request may have been sent (never blindly repeated when not idempotent)', (code) => {
		expect(outcomeOfThrown(Object.assign(new Error('x'), { code }))).toEqual({ kind: 'ambiguous', code });
	});

	it('says what happened in words, and what usually fixes it', () => {
		expect(connectionFailure('ECONNREFUSED').what).toBe('the connection was refused');
		expect(connectionFailure('ENOTFOUND')).toEqual({ what: 'the host name was not found', fix: 'The name does not resolve: check it for a typo.' });
		expect(connectionFailure('ERR_SSL_WRONG_VERSION_NUMBER').what).toBe('the secure connection (TLS) failed');
	});
});
