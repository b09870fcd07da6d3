/**
 * The network-needing half of `npm run test:queue`: Redis and PostgreSQL from Debian's
 * packages, Node 24 and n8n in the cache, and the packed package installed into the user folder
 * of the main instance and of each worker.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { packPackage, prepareUserFolder } from '../e2e/bringUp';
import { QUEUE_HOMES } from './homes';

function ensureDebianPackages() {
	const missing = [
		['redis-server', '/usr/bin/redis-server'],
		['postgresql', '/usr/lib/postgresql'],
	].filter(([, file]) => !existsSync(file)).map(([name]) => name);
	if (missing.length === 0) return;
	process.stdout.write(`[queue] installing ${missing.join(', ')}\n`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
	// The Debian package starts its own services; this suite runs its own on other ports.
	for (const service of ['redis-server', 'postgresql']) {
		try {
			execFileSync('service', [service, 'stop'], { stdio: 'ignore' });
		} catch {
			// not running
		}
	}
}

const started = Date.now();
ensureDebianPackages();
const log = (message: string) => process.stdout.write(`[queue] ${message}\n`);
log('building and packing the package');
const tarball = packPackage();
for (const home of Object.values(QUEUE_HOMES)) prepareUserFolder(home, true, log, tarball);
log(`prepared in ${Math.round((Date.now() - started) / 1000)} s`);
