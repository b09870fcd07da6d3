/**
 * The published artefact: every node and credential listed in package.json loads from dist/ with
 * n8n's own PackageDirectoryLoader, and the packed tarball works with nothing installed beside it
 * but n8n-workflow.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { loadPackage, PACKAGE_ROOT } from '../harness/package';

const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
const className = (file: string) => path.basename(file).replace(/\.(node|credentials)\.js$/, '');

async function expectEverythingLoads(directory: string) {
	const pkg = await loadPackage(directory);
	expect(pkg.packageName).toBe('n8n-nodes-user-provisioning');
	const loadedNodes = Object.values(pkg.loader.known.nodes).map((known) => known.className);
	const loadedCredentials = Object.values(pkg.loader.known.credentials).map((known) => known.className);
	expect(loadedNodes.sort()).toEqual(manifest.n8n.nodes.map(className).sort());
	expect(loadedCredentials.sort()).toEqual(manifest.n8n.credentials.map(className).sort());
	return pkg;
}

describe('the package as n8n loads it', () => {
	it('lists four vendor nodes and their four credentials', () => {
		expect(manifest.n8n.nodes.map(className).sort()).toEqual(['Domo', 'Garmat', 'Luzmo', 'Opsramp']);
		expect(manifest.n8n.credentials.map(className).sort()).toEqual(['DomoApi', 'GarmatApi', 'LuzmoApi', 'OpsRampApi']);
	});

	it('has no runtime dependencies and only n8n-workflow as peer', () => {
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(manifest.files).toEqual(['dist']);
	});

	it('loads every node and credential from dist/ with PackageDirectoryLoader', async () => {
		const pkg = await expectEverythingLoads(PACKAGE_ROOT);
		for (const { type } of Object.values(pkg.loader.nodeTypes)) {
			const description = (type as { description: INodeTypeDescription }).description;
			expect(description.usableAsTool).toBe(true);
			expect(description.credentials?.length).toBe(1);
			const credentialName = description.credentials![0].name;
			const credential = pkg.credentialType(credentialName);
			expect(credential.test).toBeDefined();
			expect(credential.documentationUrl).toMatch(/^https:\/\//);
			// The loader turns `file:` icons into URLs under icons/<package>/; the files must exist there.
			const iconUrl = description.iconUrl as { light: string; dark: string };
			for (const url of [iconUrl.light, iconUrl.dark]) {
				const prefix = `icons/${pkg.packageName}/`;
				expect(url.startsWith(prefix)).toBe(true);
				expect(existsSync(path.join(PACKAGE_ROOT, url.slice(prefix.length)))).toBe(true);
			}
			// Create User is an operation of the User resource; every operation has an action.
			const operation = description.properties.find((p) => p.name === 'operation');
			expect(operation?.options).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'create', action: 'Create user' })]));
			for (const property of description.properties.filter((p) => p.name === 'operation')) {
				for (const option of property.options as Array<{ action?: string }>) expect(option.action).toEqual(expect.any(String));
			}
			// Codex file copied next to the node.
			const nodeFile = pkg.loader.known.nodes[description.name].sourcePath;
			expect(existsSync(path.join(PACKAGE_ROOT, nodeFile.replace(/\.js$/, '.json')))).toBe(true);
		}
	});

	it('packs into a tarball that loads next to n8n-workflow alone', async () => {
		const work = mkdtempSync(path.join(tmpdir(), 'n8n-pack-'));
		try {
			// dist/ is already built by `npm test`; --ignore-scripts keeps prepack from rebuilding it under other tests' feet.
			const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: PACKAGE_ROOT, encoding: 'utf8' })
				.trim()
				.split('\n')
				.pop()!;
			const installed = path.join(work, 'node_modules', 'n8n-nodes-user-provisioning');
			mkdirSync(installed, { recursive: true });
			execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', installed, '--strip-components=1']);
			symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', 'n8n-workflow'), path.join(work, 'node_modules', 'n8n-workflow'));

			const packed = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
			expect(packed.dependencies).toBeUndefined();
			const files = execFileSync('tar', ['-tzf', path.join(work, tarball)], { encoding: 'utf8' }).trim().split('\n');
			expect(files.every((file) => /^package\/(dist\/|package\.json$|README\.md$|LICENSE$)/.test(file))).toBe(true);
			expect(files.some((file) => file.includes('/test/'))).toBe(false);
			// zod is inside the bundles: nothing but n8n-workflow is resolvable from the install.
			expect(existsSync(path.join(work, 'node_modules', 'zod'))).toBe(false);
			await expectEverythingLoads(installed);
		} finally {
			rmSync(work, { recursive: true, force: true });
		}
	});
});
