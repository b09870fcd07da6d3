/**
 * `npm run demo`: a real n8n on http://127.0.0.1:5678 with this package installed as a user
 * installs it, four vendor sandboxes, sandbox credentials and the example workflows.
 * Ctrl-C stops everything it started.
 */
import path from 'node:path';

import { VENDORS } from '../sandbox/all';
import { bringUp } from './bringUp';
import { CACHE, N8N_VERSION, OWNER } from './stack';

async function main() {
	const started = Date.now();
	const userFolder = path.join(CACHE, 'demo-home');
	const fresh = process.argv.includes('--fresh');
	const demo = await bringUp({
		userFolder,
		fresh,
		n8nPort: 5678,
		sandboxBasePort: 5700,
		echo: process.argv.includes('--verbose'),
		log: (message) => process.stdout.write(`[demo] ${message}\n`),
	});
	const forms = demo.workflows.filter((w) => w.kind === 'form');
	process.stdout.write(`
n8n ${N8N_VERSION} is up after ${Math.round((Date.now() - started) / 1000)} s: ${demo.n8n.url}
  login:    ${OWNER.email} / ${OWNER.password}
  sandboxes: ${VENDORS.map((v) => `${v} ${demo.sandboxes[v].url}`).join(', ')}

What to try:
  - Open a "scheduled batch onboarding" workflow and press "Execute workflow": three new hires
    are created; run it again and they come back as provisioningStatus "existing".
  - Fill a form (the form workflows are active); its last page says what happened (account
    created, already had an account, or why not in plain words):
${forms.map((w) => `      ${demo.n8n.url}/form/onboard-${w.vendor}`).join('\n')}
  - Open an "AI agent onboarding" workflow and press "Execute workflow": the AI Agent calls Create
    User as a tool; its chat model is a local stand-in at ${demo.model.url}/v1 (credential
    "OpenAI (local mock model)"); pick your own OpenAI credential to use a real model.
  - Open a Create User node to see the documented fields; open its credential and press Test.
Press Ctrl-C to stop n8n and the sandboxes.
`);
	let stopping = false;
	const shutdown = async () => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\n[demo] stopping n8n and the sandboxes\n');
		await demo.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown());
	process.on('SIGTERM', () => void shutdown());
	demo.n8n.child.once('exit', (code) => {
		if (!stopping) {
			process.stderr.write(`[demo] n8n exited (${code})\n${demo.n8n.output().slice(-3000)}\n`);
			void demo.stop().then(() => process.exit(1));
		}
	});
}

main().catch((error) => {
	process.stderr.write(`[demo] ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
