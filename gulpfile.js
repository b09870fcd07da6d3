/**
 * Build: type-check, bundle each node and credential listed in package.json's `n8n` block into
 * CommonJS under dist/ (zod and our shared code inlined, n8n-workflow left to the host n8n), and
 * copy icons and codex files next to them.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { series, parallel, src, dest } = require('gulp');

const root = __dirname;
const pkg = require('./package.json');

function entryPoints() {
	const outputs = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	return outputs.map((output) => {
		const source = output.replace(/^dist\//, '').replace(/\.js$/, '.ts');
		if (!fs.existsSync(path.join(root, source))) {
			throw new Error(`package.json lists ${output}, but ${source} does not exist`);
		}
		return { in: source, out: output.replace(/\.js$/, '') };
	});
}

function clean(done) {
	fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
	done();
}

function typecheck(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], {
		cwd: root,
		stdio: 'inherit',
	});
	done();
}

async function bundle() {
	const esbuild = require('esbuild');
	const result = await esbuild.build({
		absWorkingDir: root,
		entryPoints: entryPoints(),
		outdir: '.',
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		// The host n8n provides n8n-workflow; everything else the nodes import is inlined.
		external: ['n8n-workflow'],
		sourcemap: false,
		legalComments: 'eof',
		logLevel: 'warning',
		metafile: true,
	});
	const inputs = Object.keys(result.metafile.inputs);
	const stray = inputs.filter((input) => input.includes('node_modules') && !input.includes('node_modules/zod/'));
	if (stray.length) throw new Error(`Unexpected modules bundled: ${stray.join(', ')}`);
}

function assets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports.clean = clean;
exports.typecheck = typecheck;
exports.build = series(clean, parallel(typecheck, bundle), assets);
exports.default = exports.build;
