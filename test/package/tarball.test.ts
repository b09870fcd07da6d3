/**
 * What `npm publish` would upload: the file list and size of the packed tarball, as n8n's
 * community package rules want it (built code, README, licence and package.json; no runtime
 * dependencies; nothing for development).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_ROOT = path.resolve(__dirname, '../..');

/** Generous bounds that still catch a bundled dependency, a source map or a stray folder (0.1.0: 153 KB packed, 766 KB unpacked). */
export const MAX_PACKED_BYTES = 350 * 1024;
export const MAX_UNPACKED_BYTES = 1536 * 1024;

type PackResult = { filename: string; size: number; unpackedSize: number; entryCount: number; files: Array<{ path: string; size: number }> };

const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('the packed tarball', () => {
	// dist/ is built by `npm test`'s pretest; --ignore-scripts keeps prepack from rebuilding it under other tests' feet.
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as PackResult[];
	const files = packed.files.map((file) => file.path);

	it('holds only dist/, README.md, LICENSE and package.json', () => {
		expect(files.filter((file) => !/^(dist\/.+|README\.md|LICENSE|package\.json)$/.test(file))).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
		expect(files.filter((file) => file.startsWith('dist/')).length).toBeGreaterThan(0);
	});

	it("holds every file package.json's n8n section names, and a codex next to each node", () => {
		const listed = [...manifest.n8n.nodes, ...manifest.n8n.credentials] as string[];
		expect(listed.length).toBe(8);
		expect(listed.filter((file) => !files.includes(file))).toEqual([]);
		for (const node of manifest.n8n.nodes as string[]) expect(files).toContain(node.replace(/\.js$/, '.json'));
	});

	it('holds no source maps, sources, type declarations or tests', () => {
		const unwanted = files.filter(
			(file) => /\.(map|ts|tsx|tgz)$/.test(file) || /(^|\/)(test|tests|__tests__|e2e|sandbox|bench)\//.test(file) || /\.(test|spec)\.[cm]?js$/.test(file),
		);
		expect(unwanted).toEqual([]);
		for (const { path: file } of packed.files.filter((f) => f.path.endsWith('.js'))) {
			expect(readFileSync(path.join(PACKAGE_ROOT, file), 'utf8')).not.toMatch(/sourceMappingURL=/);
		}
	});

	it('declares no runtime dependencies (n8n-workflow is the only peer)', () => {
		for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) expect(manifest[field]).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	it('states its size, within bounds', () => {
		console.log(`${packed.filename}: ${packed.entryCount} files, ${kb(packed.size)} packed, ${kb(packed.unpackedSize)} unpacked`);
		expect(packed.entryCount).toBe(files.length);
		expect(packed.size).toBeGreaterThan(0);
		expect(packed.size).toBeLessThanOrEqual(MAX_PACKED_BYTES);
		expect(packed.unpackedSize).toBeLessThanOrEqual(MAX_UNPACKED_BYTES);
	});
});
