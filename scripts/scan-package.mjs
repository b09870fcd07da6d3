#!/usr/bin/env node
/**
 * n8n's community package scan (@n8n/scan-community-package), run before publishing, on this
 * checkout and on the tarball `npm publish` would upload.
 *
 * The scanner's CLI (`npx @n8n/scan-community-package <name>`) only scans a published version:
 * it reads the package's metadata from registry.npmjs.org, requires an npm provenance
 * attestation, downloads the attested commit's source from codeload.github.com and the tarball
 * with `npm pack <name>@<version>`. None of that exists before a release. So this script runs the
 * scanner's own analysis (`analyzePackage` with `buildScanConfig`, exported by the same module the
 * CLI uses) on the two things the CLI would analyse:
 *   1. the source legs' files (`SOURCE_FILE_PATTERNS`: package.json, nodes/ and credentials/);
 *   2. the packed tarball, unpacked, with the CLI's tarball patterns (`**\/*.js`, package.json).
 * The provenance leg cannot be checked before publishing; the release workflow is checked to
 * publish with `--provenance` and an OIDC token, and the repository URL to be on GitHub.
 * A canary package with a known violation proves the analysis is live (a scan that cannot fail
 * is no check).
 *
 * Prints one line per check and closes with `scan: N passed, N failed`; exits 1 on any failure.
 * dist/ must be built first (`npm run build`, or `npm test`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scannerVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/@n8n/scan-community-package/package.json'), 'utf8')).version;
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];
const work = mkdtempSync(path.join(tmpdir(), 'n8n-scan-'));
const results = [];

function record(name, passed, details = '') {
	results.push(passed);
	console.log(`${passed ? 'PASS' : 'FAIL'} ${name}${details ? `\n${details.trim()}` : ''}`);
}

async function scan(name, directory, patterns) {
	const result = await analyzePackage(directory, patterns);
	// The scanner passes a directory with nothing to lint; for us that means a wrong path.
	const empty = result.message === 'No files found to analyze';
	record(name, result.passed === true && !empty, result.passed && !empty ? '' : `${result.message}\n${result.details ?? ''}`);
}

/** A package the scanner must refuse: console output in its code, and a runtime dependency. */
async function canary() {
	const directory = path.join(work, 'canary');
	mkdirSync(path.join(directory, 'dist'), { recursive: true });
	writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name: 'n8n-nodes-canary', version: '1.0.0', keywords: ['n8n-community-node-package'], dependencies: { axios: '1.0.0' }, n8n: { nodes: [] } }));
	writeFileSync(path.join(directory, 'dist', 'index.js'), 'console.log("leaks");\n');
	const result = await analyzePackage(directory, TARBALL_PATTERNS);
	const details = result.details ?? '';
	record('canary: the scanner refuses a package with console output and a runtime dependency', result.passed === false && /no-console/.test(details), result.passed ? 'the canary passed: the scan checks nothing' : '');
}

function packedTarball() {
	const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
	const missing = [...manifest.n8n.nodes, ...manifest.n8n.credentials].filter((file) => !existsSync(path.join(root, file)));
	if (missing.length) throw new Error(`dist/ is not built (missing ${missing.join(', ')}): run npm run build first`);
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
	const directory = path.join(work, 'package');
	mkdirSync(directory);
	execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', directory, '--strip-components=1']);
	console.log(`packed ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} KB`);
	return directory;
}

/** What the scanner's provenance leg will need once published: provenance from a GitHub workflow with an OIDC token. */
function provenanceReady() {
	const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
	const release = path.join(root, '.github/workflows/release.yml');
	const workflow = existsSync(release) ? readFileSync(release, 'utf8') : '';
	const problems = [];
	if (!/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/.test(manifest.repository?.url ?? '')) problems.push('package.json repository.url is not a public GitHub repository');
	if (!/npm publish --provenance --access public/.test(workflow)) problems.push('.github/workflows/release.yml does not run `npm publish --provenance --access public`');
	if (!/id-token:\s*write/.test(workflow)) problems.push('.github/workflows/release.yml does not grant `id-token: write`');
	record('provenance: published from a GitHub workflow with an OIDC token (checked on the registry only after publishing)', problems.length === 0, problems.join('\n'));
}

try {
	console.log(`@n8n/scan-community-package ${scannerVersion}: its analysis on this checkout and the packed tarball`);
	await canary();
	await scan(`source: ${SOURCE_FILE_PATTERNS.join(', ')}`, root, SOURCE_FILE_PATTERNS);
	await scan(`tarball: ${TARBALL_PATTERNS.join(', ')}`, packedTarball(), TARBALL_PATTERNS);
	provenanceReady();
} catch (error) {
	record('scan ran to the end', false, error instanceof Error ? error.message : String(error));
} finally {
	rmSync(work, { recursive: true, force: true });
}
const passed = results.filter(Boolean).length;
console.log(`scan: ${passed} passed, ${results.length - passed} failed`);
process.exitCode = passed === results.length ? 0 : 1;
