// Lint of the published code with n8n's community-node rule sets:
// eslint-plugin-n8n-nodes-base (community package.json, nodes and credentials presets) and
// @n8n/eslint-plugin-community-nodes (recommended), on nodes/, credentials/ and package.json.
// Tests are not published and are not linted with these rules.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const legacy = (name) => n8nNodesBase.configs[name].rules;
const sources = ['nodes/**/*.ts', 'credentials/**/*.ts'];

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', '.cache/**', 'examples/**', 'scripts/**', '*.js', '*.mjs'] },
	// package.json is read as a JavaScript object literal, as both plugins' package rules expect.
	{ files: ['package.json'], languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } } },
	{ files: [...sources, 'package.json'], ...n8nCommunityNodesPlugin.configs.recommended },
	{ files: ['package.json'], plugins: { 'n8n-nodes-base': n8nNodesBase }, rules: legacy('community') },
	...tseslint.configs.recommended.map((config) => ({ ...config, files: sources })),
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...legacy('credentials'),
			// Main-repository rule: n8n's own credentials name a docs slug; a community credential
			// links a full URL (checked by @n8n/community-nodes/credential-documentation-url).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...legacy('nodes'),
			// These two want the string 'main'; @n8n/community-nodes/node-connection-type-literal,
			// the newer rule, wants NodeConnectionTypes.Main. We follow the newer one.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
