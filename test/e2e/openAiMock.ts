/**
 * A small OpenAI-compatible chat model on 127.0.0.1 for the agent examples: n8n's OpenAI Chat
 * Model node reaches it through the credential's Base URL. It plays a model that does its job in
 * two turns: asked to onboard a new hire, it calls the one tool it is offered with the new hire's
 * details (taken from the JSON in the user's message, by the names of the tool's parameters);
 * given the tool's result, it answers with text that quotes it. It records every request, so a
 * test can check what the model was given (the tool results) and that no secret was among it.
 */
import type { SandboxRequest, SandboxResponse } from '../sandbox/toolkit';
import { Sandbox } from '../sandbox/toolkit';

export const MOCK_MODEL = 'gpt-4.1-mini';

interface ChatMessage {
	role: string;
	content?: string | Array<{ type: string; text?: string }> | null;
	tool_call_id?: string;
}

interface ToolFunction {
	name: string;
	parameters?: { properties?: Record<string, unknown> };
}

const text = (content: ChatMessage['content']): string =>
	typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');

/** The first JSON object in a text, e.g. the new hire in the agent's prompt. */
function firstJsonObject(source: string): Record<string, unknown> {
	const start = source.indexOf('{');
	for (let end = source.lastIndexOf('}'); start >= 0 && end > start; end = source.lastIndexOf('}', end - 1)) {
		try {
			return JSON.parse(source.slice(start, end + 1));
		} catch {
			// try a shorter span
		}
	}
	return {};
}

export class OpenAiMock extends Sandbox {
	readonly apiKey = 'sk-local-mock-model-0001';

	private sequence = 0;

	constructor() {
		super();
		this.route('GET', '/v1/models', () => ({
			status: 200,
			body: { object: 'list', data: [{ id: MOCK_MODEL, object: 'model', created: 1_700_000_000, owned_by: 'local-mock' }] },
		}));
		this.route('POST', '/v1/chat/completions', (request) => this.complete(request));
	}

	completions(): SandboxRequest[] {
		return this.received('POST', '/v1/chat/completions');
	}

	/** The tool results the model was given (role `tool` messages), each once, in order. */
	toolResults(): string[] {
		const seen = new Map<string, string>();
		for (const request of this.completions()) {
			for (const message of (request.body?.messages ?? []) as ChatMessage[]) {
				if (message.role === 'tool') seen.set(message.tool_call_id ?? String(seen.size), text(message.content));
			}
		}
		return [...seen.values()];
	}

	private complete(request: SandboxRequest): SandboxResponse {
		if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
			return { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } };
		}
		const messages = (request.body?.messages ?? []) as ChatMessage[];
		const tool = (request.body?.tools?.[0]?.function ?? undefined) as ToolFunction | undefined;
		const last = messages[messages.length - 1];
		const id = ++this.sequence;
		let message: Record<string, unknown>;
		let finishReason: string;
		if (tool && last?.role !== 'tool') {
			const hire = firstJsonObject(text([...messages].reverse().find((m) => m.role === 'user')?.content));
			const names = Object.keys(tool.parameters?.properties ?? {});
			const args = Object.fromEntries(names.filter((name) => name in hire).map((name) => [name, hire[name]]));
			message = { role: 'assistant', content: null, tool_calls: [{ id: `call_mock_${id}`, type: 'function', function: { name: tool.name, arguments: JSON.stringify(args) } }] };
			finishReason = 'tool_calls';
		} else {
			message = { role: 'assistant', content: `Done. The tool answered: ${text(last?.content)}` };
			finishReason = 'stop';
		}
		const usage = { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 };
		const base = { id: `chatcmpl-mock-${id}`, created: Math.floor(Date.now() / 1000), model: request.body?.model ?? MOCK_MODEL };
		if (!request.body?.stream) {
			return { status: 200, body: { ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }], usage } };
		}
		// Streaming: the same answer as one delta, then the finish reason, as OpenAI sends it.
		const chunk = (delta: unknown, finish: string | null, extra = {}) =>
			`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra })}\n\n`;
		const delta = message.tool_calls
			? { role: 'assistant', content: null, tool_calls: (message.tool_calls as Array<Record<string, unknown>>).map((call, index) => ({ index, ...call })) }
			: { role: 'assistant', content: message.content };
		return { status: 200, contentType: 'text/event-stream', text: chunk(delta, null) + chunk({}, finishReason, { usage }) + 'data: [DONE]\n\n' };
	}
}
