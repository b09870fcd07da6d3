/**
 * What a run leaves behind besides its result: the log lines n8n-core writes (its ErrorReporter
 * logs every node error through n8n's Logger) and anything printed to stdout, stderr or console.
 * All are captured for the secret scan; the scan walks any value, errors included, for secrets.
 */
import { Logger } from '@n8n/backend-common';

type Write = typeof process.stdout.write;

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Captures from `start()` to `stop()`: process.stdout/stderr writes, console calls, and every
 * call of n8n's Logger (message and metadata). The Logger needs its own hook: its winston console
 * transport binds console.log when it is created, and under jest's worker console (no _stdout)
 * writes through that bound function, past both other hooks. Captured text is kept, not printed
 * (n8n logs every failed node, which would bury the test report), unless FAULTS_VERBOSE is set.
 */
export class OutputCapture {
	private chunks: string[] = [];

	private restore: Array<() => void> = [];

	start(): void {
		if (this.restore.length) return;
		const verbose = Boolean(process.env.FAULTS_VERBOSE);
		for (const stream of [process.stdout, process.stderr]) {
			const original = stream.write;
			stream.write = ((chunk: unknown, ...rest: unknown[]) => {
				this.chunks.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
				return verbose ? (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest) : true;
			}) as Write;
			this.restore.push(() => (stream.write = original));
		}
		for (const method of CONSOLE_METHODS) {
			const original = console[method];
			console[method] = (...args: unknown[]) => {
				this.chunks.push(args.map((arg) => (typeof arg === 'string' ? arg : safeStringify(arg))).join(' '));
				if (verbose) original.apply(console, args);
			};
			this.restore.push(() => (console[method] = original));
		}
		// Every level (error, warn, info, debug) and every scoped logger goes through Logger#log.
		const prototype = Logger.prototype as unknown as { log: (level: string, message: string, metadata?: unknown) => void };
		const originalLog = prototype.log;
		const chunks = this.chunks;
		prototype.log = function (this: unknown, level: string, message: string, metadata?: unknown) {
			chunks.push(`[logger ${level}] ${String(message)} ${safeStringify(metadata ?? {})}`);
			if (verbose) originalLog.call(this, level, message, metadata);
		};
		this.restore.push(() => (prototype.log = originalLog));
	}

	stop(): void {
		for (const undo of this.restore.reverse()) undo();
		this.restore = [];
	}

	/** Everything captured so far. */
	text(): string {
		return this.chunks.join('\n');
	}

	/** Length marker, to read only what was written after it. */
	mark(): number {
		return this.chunks.length;
	}

	since(mark: number): string {
		return this.chunks.slice(mark).join('\n');
	}
}

function safeStringify(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

export interface SecretHit {
	/** Where the secret was found, e.g. `items[0].json.error` or `logs`. */
	where: string;
	/** Which secret: its name, never its value. */
	secret: string;
}

/**
 * Walks a value (objects, arrays, Maps, Sets, Buffers, and errors with their non-enumerable
 * message and stack) and reports every string that contains one of the secrets.
 */
export function findSecrets(
	value: unknown,
	secrets: Record<string, string>,
	where: string,
	hits: SecretHit[] = [],
	ignore: (path: string) => boolean = () => false,
): SecretHit[] {
	const entries = Object.entries(secrets).filter(([, secret]) => secret.length >= 4);
	const seen = new Set<unknown>();
	const visit = (current: unknown, path: string, depth: number) => {
		if (current === null || current === undefined || depth > 40 || ignore(path)) return;
		if (typeof current === 'string') {
			for (const [name, secret] of entries) if (current.includes(secret)) hits.push({ where: path, secret: name });
			return;
		}
		if (typeof current !== 'object' && typeof current !== 'function') return;
		if (seen.has(current)) return;
		seen.add(current);
		if (Buffer.isBuffer(current)) return visit(current.toString('utf8'), path, depth + 1);
		if (current instanceof Map) {
			for (const [key, inner] of current) {
				visit(key, `${path}<key>`, depth + 1);
				visit(inner, `${path}.${String(key)}`, depth + 1);
			}
			return;
		}
		if (current instanceof Set) {
			[...current].forEach((inner, index) => visit(inner, `${path}[${index}]`, depth + 1));
			return;
		}
		// Own names include an error's message and stack, which JSON.stringify would skip.
		for (const key of Object.getOwnPropertyNames(current)) {
			if (typeof current === 'function' && ['prototype', 'caller', 'callee', 'arguments'].includes(key)) continue;
			let inner: unknown;
			try {
				inner = (current as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			visit(key, `${path}<key>`, depth + 1);
			visit(inner, Array.isArray(current) ? `${path}[${key}]` : `${path}.${key}`, depth + 1);
		}
	};
	visit(value, where, 0);
	return hits;
}

/**
 * Why a text shown to a user as an error is not acceptable, or undefined when it is: it must say
 * something, in words, and be neither a serialised object nor a stack trace.
 */
export function unclearErrorText(text: unknown): string | undefined {
	if (typeof text !== 'string') return `is not text (${typeof text})`;
	const trimmed = text.trim();
	if (!trimmed) return 'is empty';
	if (trimmed.includes('[object Object]')) return 'contains [object Object]';
	if (/\n\s+at\s+\S+/.test(text) || /\bat\s+\S+\s\(\S+:\d+:\d+\)/.test(text)) return 'contains a stack trace';
	if (/^(undefined|null|NaN)$/i.test(trimmed)) return `is "${trimmed}"`;
	if (/^(TypeError|ReferenceError|SyntaxError|RangeError)\b/.test(trimmed)) return 'is a JavaScript error';
	if (/Cannot read propert|is not a function|is not iterable/.test(trimmed)) return 'is a JavaScript error';
	return undefined;
}
