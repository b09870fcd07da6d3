/**
 * Just enough Markdown for checking links: the headings GitHub turns into anchors, and the link
 * targets a reader can click, both outside fenced code blocks and code spans.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The repository's Markdown files: tracked, or new and not ignored (so a new page is checked before its commit). */
export function markdownFiles(): string[] {
	const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.md'], { cwd: REPO_ROOT, encoding: 'utf8' });
	return [...new Set(out.split('\n').filter(Boolean))].sort();
}

/** Every line outside fenced code blocks, with its 1-based line number. */
function proseLines(text: string): Array<{ line: string; number: number }> {
	const lines: Array<{ line: string; number: number }> = [];
	let fence: string | undefined;
	text.split('\n').forEach((line, index) => {
		const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
		if (marker && (fence === undefined || (marker[0] === fence[0] && marker.length >= fence.length))) {
			fence = fence === undefined ? marker : undefined;
			return;
		}
		if (fence === undefined) lines.push({ line, number: index + 1 });
	});
	return lines;
}

const withoutCodeSpans = (line: string) => line.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length));

/** A heading's text as GitHub renders it: code spans keep their content, links their text, emphasis markers go. */
function renderedText(heading: string): string {
	return heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/`+([^`]*)`+/g, '$1')
		.replace(/\*\*|\*/g, '')
		.replace(/<[^>]+>/g, '')
		.trim();
}

/**
 * github-slugger (what GitHub uses): lower case; drop every character that is not a letter, a
 * mark, a digit, a connector such as `_`, a hyphen or a space; spaces become hyphens; a repeated
 * slug gets -1, -2, ... in order.
 */
export function headingAnchors(text: string): { headings: Array<{ level: number; text: string }>; anchors: Set<string> } {
	const headings: Array<{ level: number; text: string }> = [];
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const { line } of proseLines(text)) {
		const match = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
		if (!match) continue;
		const rendered = renderedText(match[2]);
		headings.push({ level: match[1].length, text: rendered });
		const base = rendered.toLowerCase().replace(/[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count === 0 ? base : `${base}-${count}`);
	}
	return { headings, anchors };
}

/** Link and image targets: inline `[text](target "title")` and reference definitions `[id]: target`. */
export function linkTargets(text: string): Array<{ target: string; line: number }> {
	const targets: Array<{ target: string; line: number }> = [];
	for (const { line, number } of proseLines(text)) {
		const prose = withoutCodeSpans(line);
		for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push({ target: match[1], line: number });
		const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(prose);
		if (definition) targets.push({ target: definition[1], line: number });
	}
	return targets;
}

/** The text of one `## Heading` section, up to the next heading of level 2 or higher. */
export function section(text: string, heading: string): string | undefined {
	const lines = proseLines(text).map(({ line }) => line);
	const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
	if (start < 0) return undefined;
	const end = lines.findIndex((line, index) => index > start && /^#{1,2}\s/.test(line));
	return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}
