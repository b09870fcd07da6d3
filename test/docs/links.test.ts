/**
 * The documentation holds together: every relative link and #anchor in the repository's Markdown
 * files leads somewhere (anchors as GitHub makes them from headings), the vendor pages share one
 * outline, and every Resource > Operation a node offers is named on its vendor's page.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialType, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { DomoApi } from '../../credentials/DomoApi.credentials';
import { GarmatApi } from '../../credentials/GarmatApi.credentials';
import { LuzmoApi } from '../../credentials/LuzmoApi.credentials';
import { OpsRampApi } from '../../credentials/OpsRampApi.credentials';

import type { OperationTable } from '../../nodes/shared/router';
import { headingAnchors, linkTargets, markdownFiles, REPO_ROOT, section } from './markdown';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** The outline every docs/<vendor>.md follows, in this order. */
export const VENDOR_PAGE_SECTIONS = ['Credentials', 'Operations', 'Examples', 'Limits and rate limits', 'What the API cannot do'];

type NodeEntry = { module: Record<string, unknown>; className: string; page: string; codex: string; credential: () => ICredentialType };
const nodes: Record<string, NodeEntry> = {
	Domo: { module: require('../../nodes/Domo/Domo.node'), className: 'Domo', page: 'docs/domo.md', codex: 'nodes/Domo/Domo.node.json', credential: () => new DomoApi() },
	Garmat: { module: require('../../nodes/Garmat/Garmat.node'), className: 'Garmat', page: 'docs/garmat.md', codex: 'nodes/Garmat/Garmat.node.json', credential: () => new GarmatApi() },
	Luzmo: { module: require('../../nodes/Luzmo/Luzmo.node'), className: 'Luzmo', page: 'docs/luzmo.md', codex: 'nodes/Luzmo/Luzmo.node.json', credential: () => new LuzmoApi() },
	OpsRamp: { module: require('../../nodes/OpsRamp/Opsramp.node'), className: 'Opsramp', page: 'docs/opsramp.md', codex: 'nodes/OpsRamp/Opsramp.node.json', credential: () => new OpsRampApi() },
};

/** Where GitHub shows a file of the default branch: package.json's repository, blob/main/<file>. */
const repository = String(JSON.parse(read('package.json')).repository.url).replace(/^git\+/, '').replace(/\.git$/, '');
const onGitHub = (file: string) => `${repository}/blob/main/${file}`;

describe('Markdown links', () => {
	const files = markdownFiles();

	it('finds the documentation files', () => {
		expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'docs/behaviour.md', 'docs/performance.md', ...Object.values(nodes).map((n) => n.page)]));
	});

	it.each(files)('%s: every relative link and anchor resolves', (file) => {
		const broken: string[] = [];
		for (const { target, line } of linkTargets(read(file))) {
			if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ... are not ours to check
			const [rawPath, anchor] = target.split('#', 2);
			const resolved = rawPath ? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(rawPath))) : file;
			const where = `${file}:${line} -> ${target}`;
			if (resolved.startsWith('..') || !existsSync(path.join(REPO_ROOT, resolved))) {
				broken.push(`${where} (no file ${resolved})`);
				continue;
			}
			if (anchor === undefined) continue;
			if (!resolved.endsWith('.md') || statSync(path.join(REPO_ROOT, resolved)).isDirectory()) {
				if (!/^L\d+(-L\d+)?$/.test(anchor)) broken.push(`${where} (an anchor into a file that is not Markdown)`);
				continue;
			}
			if (!headingAnchors(read(resolved)).anchors.has(decodeURIComponent(anchor))) broken.push(`${where} (no heading makes #${anchor} in ${resolved})`);
		}
		expect(broken).toEqual([]);
	});
});

describe('the slug rules the anchors are checked with', () => {
	it('makes GitHub\'s anchors', () => {
		const { anchors } = headingAnchors(
			['# What every node does', '## User > Get Many', '### `npm run test:e2e`', '## Workflows in `examples/`', '```', '## not a heading', '```', '## Examples', '## Examples', '## Choosing *Concurrency* for a [vendor](x.md) plan'].join('\n'),
		);
		expect([...anchors]).toEqual(['what-every-node-does', 'user--get-many', 'npm-run-teste2e', 'workflows-in-examples', 'examples', 'examples-1', 'choosing-concurrency-for-a-vendor-plan']);
	});

	it('finds inline links and reference definitions, not code', () => {
		const targets = linkTargets(['See [a](docs/a.md#x) and ![i](img.svg "title").', '`[not](a-link.md)`', '```', '[nor](this.md)', '```', '[ref]: ../b.md'].join('\n'));
		expect(targets.map((t) => t.target)).toEqual(['docs/a.md#x', 'img.svg', '../b.md']);
	});
});

describe('the vendor pages', () => {
	it('share every heading below the title, in the same order', () => {
		const outlines = Object.values(nodes).map(({ page }) => ({
			page,
			headings: headingAnchors(read(page)).headings.filter((h) => h.level > 1).map((h) => `${'#'.repeat(h.level)} ${h.text}`),
		}));
		for (const { headings } of outlines.slice(1)) expect(headings).toEqual(outlines[0].headings);
	});
});

describe.each(Object.entries(nodes))('%s: its page', (vendor, { module, className, page, codex, credential }) => {
	const text = read(page);
	const node = new (module[className] as new () => INodeType)();
	const table = module.operations as OperationTable;
	const { properties } = node.description;

	it('has the vendor pages\' sections, in their order, and no other', () => {
		const sections = headingAnchors(text).headings.filter((h) => h.level === 2).map((h) => h.text);
		expect(sections).toEqual(VENDOR_PAGE_SECTIONS);
		expect(headingAnchors(text).headings[0]).toEqual({ level: 1, text: vendor });
	});

	it('names every Resource > Operation the node offers under Operations, as the UI names them', () => {
		const operationsText = (section(text, 'Operations') ?? '').replace(/[*`]/g, '').replace(/\s+/g, ' ');
		const resources = (properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[];
		const offered: string[] = [];
		for (const [resource, entries] of Object.entries(table)) {
			const resourceName = resources.find((o) => o.value === resource)?.name;
			const operation = properties.find((p) => p.name === 'operation' && (p.displayOptions?.show?.resource ?? []).includes(resource));
			for (const value of Object.keys(entries)) {
				const operationName = ((operation?.options ?? []) as INodePropertyOptions[]).find((o) => o.value === value)?.name;
				offered.push(`${resourceName ?? `(no Resource option for ${resource})`} > ${operationName ?? `(no Operation option for ${value})`}`);
			}
		}
		expect(offered.length).toBeGreaterThan(1);
		expect(offered.filter((name) => !operationsText.includes(name))).toEqual([]);
	});

	it('is where the node\'s and the credential\'s documentation links lead, at an anchor the page has', () => {
		expect(repository).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
		const { resources } = JSON.parse(read(codex));
		const anchors = headingAnchors(text).anchors;
		expect(resources.primaryDocumentation).toEqual([{ url: onGitHub(page) }]);
		const links = [resources.credentialDocumentation[0].url, credential().documentationUrl];
		for (const link of links) {
			expect(link).toBe(`${onGitHub(page)}#credentials`);
			expect(anchors.has(String(link).split('#')[1])).toBe(true);
		}
	});
});
