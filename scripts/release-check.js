#!/usr/bin/env node
/**
 * Before publishing a tag: the tag must be `v` + package.json's version, and CHANGELOG.md must
 * have a dated section for that version (`## [1.2.3] - 2026-12-24`) with something in it.
 * Usage: node scripts/release-check.js v1.2.3   (the release workflow passes $GITHUB_REF_NAME)
 */
const fs = require('node:fs');
const path = require('node:path');

/** What stands in the way of releasing `tag`; empty when nothing does. */
function releaseProblems(tag, manifest, changelog) {
	const problems = [];
	const version = manifest.version;
	if (tag !== `v${version}`) problems.push(`the tag "${tag}" is not "v${version}", package.json's version`);
	const escaped = String(version).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const heading = new RegExp(`^## \\[${escaped}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm').exec(changelog);
	if (!heading) {
		problems.push(`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD"`);
	} else {
		const body = changelog.slice(heading.index + heading[0].length).split(/^## /m)[0];
		if (!/^\s*[-*] \S/m.test(body)) problems.push(`CHANGELOG.md's section for ${version} lists no change`);
	}
	return problems;
}

if (require.main === module) {
	const root = path.resolve(__dirname, '..');
	const tag = process.argv[2] ?? '';
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const problems = releaseProblems(tag, manifest, fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'));
	for (const problem of problems) console.error(`::error::${problem}`);
	if (problems.length === 0) console.log(`${tag}: package.json is ${manifest.version} and CHANGELOG.md has its section`);
	process.exitCode = problems.length ? 1 : 0;
}

module.exports = { releaseProblems };
