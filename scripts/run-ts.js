#!/usr/bin/env node
/**
 * Runs a TypeScript tool script (benchmarks, the demo stack) without a TS runtime: esbuild
 * bundles the entry with its relative imports into .cache/run/, leaving packages in
 * node_modules, then it runs with the current Node and the remaining arguments.
 * Usage: node scripts/run-ts.js <entry.ts> [args...]
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const esbuild = require('esbuild');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
	console.error('usage: node scripts/run-ts.js <entry.ts> [args...]');
	process.exit(2);
}
const root = path.resolve(__dirname, '..');
// Named after its folder too: test/bench/bench.ts and test/queue/bench.ts may run at once.
const outfile = path.join(root, '.cache', 'run', `${path.basename(path.dirname(path.resolve(entry)))}-${path.basename(entry, '.ts')}.js`);
esbuild.buildSync({
	entryPoints: [path.resolve(entry)],
	outfile,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	packages: 'external',
	sourcemap: 'inline',
	logLevel: 'warning',
});
const child = spawn(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
