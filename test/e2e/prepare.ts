/**
 * The network-needing half of `npm run test:e2e`: Debian's Chromium, Node 24 and n8n in the
 * cache, and a fresh e2e user folder with the packed package installed. The suite itself then
 * runs with loopback only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { prepareUserFolder } from './bringUp';
import { E2E_HOME } from './stack';

function ensureChromium() {
	if (existsSync('/usr/bin/chromium')) return;
	process.stdout.write('[e2e] installing Debian chromium\n');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}

const started = Date.now();
ensureChromium();
prepareUserFolder(E2E_HOME, true, (message) => process.stdout.write(`[e2e] ${message}\n`));
process.stdout.write(`[e2e] prepared in ${Math.round((Date.now() - started) / 1000)} s\n`);
