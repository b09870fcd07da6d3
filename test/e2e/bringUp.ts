/**
 * Brings up the whole demo: sandboxes, a real n8n with this package installed from its tarball,
 * the owner account, sandbox credentials and the example workflows. Shared by `npm run demo`
 * and `npm run test:e2e`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import type { CredentialSeed, Sandboxes, Vendor } from '../sandbox/all';
import { sandboxCredentials, startSandboxes, stopSandboxes } from '../sandbox/all';
import { OpenAiMock } from './openAiMock';
import type { N8nProcess } from './stack';
import { ensureN8n, filesFolder, installIntoUserFolder, N8nClient, packPackage, ROOT, startN8n } from './stack';
export { packPackage };

export const EXAMPLES_DIR = path.join(ROOT, 'examples');

/** The credential name the agent examples refer to for their chat model. */
export const MODEL_CREDENTIAL = 'OpenAI (local mock model)';

/** What an example is for, from its file name: `<vendor>-<kind words>.json`. */
export type ExampleKind = 'batch' | 'form' | 'agent' | 'offboarding' | 'groups' | 'sync' | 'syncReview';

const KIND_BY_SUFFIX: Array<[string, ExampleKind]> = [
	['-scheduled-batch-onboarding.json', 'batch'],
	['-form-onboarding.json', 'form'],
	['-agent-onboarding.json', 'agent'],
	['-offboarding.json', 'offboarding'],
	['-add-to-groups.json', 'groups'],
	['-scheduled-sync.json', 'sync'],
	['-sync-preview-approve.json', 'syncReview'],
];

export function exampleKind(file: string): ExampleKind {
	const found = KIND_BY_SUFFIX.find(([suffix]) => file.endsWith(suffix));
	if (!found) throw new Error(`examples/${file}: the name does not say what it is (${KIND_BY_SUFFIX.map(([suffix]) => `*${suffix}`).join(', ')})`);
	return found[1];
}

export interface ImportedWorkflow {
	id: string;
	versionId: string;
	name: string;
	file: string;
	vendor: Vendor;
	kind: ExampleKind;
	json: any;
}

export interface Demo {
	sandboxes: Sandboxes;
	/** The OpenAI-compatible model the agent examples use, through the credential below. */
	model: OpenAiMock;
	n8n: N8nProcess;
	client: N8nClient;
	/** Where the examples' data files (the HR roster CSV) are, as a user puts them: `~/.n8n-files`. */
	filesFolder: string;
	credentials: Record<string, { id: string; seed: CredentialSeed }>;
	workflows: ImportedWorkflow[];
	stop(): Promise<void>;
}

export interface BringUpOptions {
	userFolder: string;
	/** Start from an empty n8n database and user folder. */
	fresh: boolean;
	/**
	 * Build, pack and install the package (needs the npm registry for its peer dependency).
	 * False when prepareUserFolder() already did, e.g. before a run without network.
	 */
	install?: boolean;
	n8nPort?: number;
	sandboxBasePort?: number;
	echo?: boolean;
	log?: (message: string) => void;
}

/** n8n and Node 24 in the cache; the package built, packed and installed into the user folder. */
export function prepareUserFolder(userFolder: string, fresh: boolean, log: (message: string) => void = () => {}, packed?: string): void {
	ensureN8n();
	if (fresh) rmSync(userFolder, { recursive: true, force: true });
	if (!packed) log('building and packing the package');
	const tarball = packed ?? packPackage();
	log(`installing ${path.basename(tarball)} into ${path.join(userFolder, '.n8n', 'nodes')}`);
	installIntoUserFolder(userFolder, tarball);
}

export async function bringUp(options: BringUpOptions): Promise<Demo> {
	const log = options.log ?? (() => {});
	if (options.install !== false) prepareUserFolder(options.userFolder, options.fresh, log);

	// The examples' data files where n8n lets workflows read them, as a user would put them there.
	const files = filesFolder(options.userFolder);
	mkdirSync(files, { recursive: true });
	for (const file of readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.csv'))) copyFileSync(path.join(EXAMPLES_DIR, file), path.join(files, file));

	const sandboxes = await startSandboxes(options.sandboxBasePort ?? 0);
	const model = new OpenAiMock();
	await model.start(options.sandboxBasePort ? options.sandboxBasePort + 10 : 0);
	log('starting n8n');
	let n8n: N8nProcess;
	try {
		n8n = await startN8n({ userFolder: options.userFolder, port: options.n8nPort ?? 5678, echo: options.echo });
	} catch (error) {
		await stopSandboxes(sandboxes);
		await model.stop();
		throw error;
	}
	const stop = async () => {
		await n8n.stop();
		await stopSandboxes(sandboxes);
		await model.stop();
	};
	try {
		const client = new N8nClient(n8n.url);
		await client.ownerLogin();

		const credentials: Demo['credentials'] = {};
		const existing = (await client.request('GET', '/rest/credentials')).body?.data ?? [];
		const save = async (seed: Omit<CredentialSeed, 'vendor'>): Promise<string> => {
			const found = existing.find((c: { name: string }) => c.name === seed.name);
			// Sandbox ports can change between runs: always write the current data.
			const response = found
				? await client.request('PATCH', `/rest/credentials/${found.id}`, { name: seed.name, type: seed.type, data: seed.data })
				: await client.request('POST', '/rest/credentials', { name: seed.name, type: seed.type, data: seed.data });
			if (response.status !== 200) throw new Error(`saving credential ${seed.name}: ${response.status} ${JSON.stringify(response.body)}`);
			return response.body.data.id;
		};
		for (const seed of [...sandboxCredentials(sandboxes), ...sandboxCredentials(sandboxes, true)]) {
			credentials[seed.name] = { id: await save(seed), seed };
		}
		const modelCredentialId = await save({ name: MODEL_CREDENTIAL, type: 'openAiApi', data: { apiKey: model.apiKey, url: `${model.url}/v1` } });
		const credentialIds = (name: string) => (name === MODEL_CREDENTIAL ? modelCredentialId : credentials[name]?.id);

		const workflows: ImportedWorkflow[] = [];
		const existingWorkflows = (await client.request('GET', '/rest/workflows')).body?.data ?? [];
		for (const file of readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()) {
			const json = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
			for (const node of json.nodes) {
				for (const reference of Object.values<{ id: string; name: string }>(node.credentials ?? {})) {
					const id = credentialIds(reference.name);
					if (!id) throw new Error(`${file}: no credential named ${reference.name}`);
					reference.id = id;
				}
			}
			const vendor = file.split('-')[0] as Vendor;
			const kind = exampleKind(file);
			let saved = existingWorkflows.find((w: { name: string }) => w.name === json.name);
			if (!saved) {
				const created = await client.request('POST', '/rest/workflows', { ...json, active: false });
				if (created.status !== 200) throw new Error(`importing ${file}: ${created.status} ${JSON.stringify(created.body)}`);
				saved = created.body.data;
			} else {
				const current = (await client.request('GET', `/rest/workflows/${saved.id}`)).body.data;
				const updated = await client.request('PATCH', `/rest/workflows/${saved.id}`, { ...json, versionId: current.versionId });
				if (updated.status !== 200) throw new Error(`updating ${file}: ${updated.status} ${JSON.stringify(updated.body)}`);
				saved = updated.body.data;
			}
			// A workflow started by a form must be active for its form URL to answer.
			if (json.nodes[0]?.type === 'n8n-nodes-base.formTrigger') {
				const activated = await client.request('POST', `/rest/workflows/${saved.id}/activate`, { versionId: saved.versionId });
				if (activated.status !== 200) throw new Error(`activating ${file}: ${activated.status} ${JSON.stringify(activated.body)}`);
			}
			workflows.push({ id: saved.id, versionId: saved.versionId, name: json.name, file, vendor, kind, json });
		}
		return { sandboxes, model, n8n, client, filesFolder: files, credentials, workflows, stop };
	} catch (error) {
		process.stderr.write(n8n.output().slice(-3000));
		await stop();
		throw error;
	}
}
