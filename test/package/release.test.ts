/**
 * The release workflow's first job (scripts/release-check.js): a tag is released only when it is
 * package.json's version and CHANGELOG.md has a dated section for it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { releaseProblems } = require('../../scripts/release-check.js') as { releaseProblems: (tag: string, manifest: { version: string }, changelog: string) => string[] };

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');

describe('release check', () => {
	it("passes this repository's version tag: package.json and CHANGELOG.md agree", () => {
		expect(releaseProblems(`v${manifest.version}`, manifest, changelog)).toEqual([]);
	});

	it('refuses a tag that is not package.json\'s version', () => {
		expect(releaseProblems(`v${manifest.version}.1`, manifest, changelog)).toEqual([expect.stringContaining("package.json's version")]);
		expect(releaseProblems(manifest.version, manifest, changelog)).toHaveLength(1);
	});

	it('refuses a version CHANGELOG.md has no dated section for, or an empty one', () => {
		const unreleased = '# Changelog\n\n## [Unreleased]\n\n- a change\n\n## [1.2.3]\n\n- undated\n';
		expect(releaseProblems('v1.2.3', { version: '1.2.3' }, unreleased)).toEqual([expect.stringContaining('no section "## [1.2.3] - YYYY-MM-DD"')]);
		expect(releaseProblems('v1.2.4', { version: '1.2.4' }, '## [1.2.4] - 2026-12-24\n\n## [1.2.3] - 2026-12-01\n\n- fix\n')).toEqual([expect.stringContaining('lists no change')]);
		expect(releaseProblems('v1.2.4', { version: '1.2.4' }, '## [1.2.4] - 2026-12-24\n\n### Fixed\n\n- fix\n')).toEqual([]);
		// A dot in the version is a dot, not any character.
		expect(releaseProblems('v1.2.4', { version: '1.2.4' }, '## [1x2x4] - 2026-12-24\n\n- fix\n')).toHaveLength(1);
	});
});
