import path from 'node:path';

import type { N8nClient } from './stack';
import { CACHE } from './stack';

/** n8n stores run data with `flatted`; read it with n8n's own copy, installed with n8n. */
function parseFlatted(text: string): any {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return (require(path.join(CACHE, 'n8n', 'node_modules', 'flatted')) as { parse(text: string): any }).parse(text);
}

export interface ExecutionResult {
	id: string;
	status: string;
	/** Output items (json) of a node's first run, main output 0. */
	output(nodeName: string): any[];
	/** The execution's error, as n8n recorded it. */
	error: { message?: string; description?: string; node?: { name: string } } | undefined;
}

export async function waitForExecution(client: N8nClient, id: string, timeoutMs = 60_000): Promise<ExecutionResult> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { body } = await client.request('GET', `/rest/executions/${id}`);
		const execution = body?.data;
		if (execution && !['new', 'running', 'waiting'].includes(execution.status)) {
			const data = typeof execution.data === 'string' ? parseFlatted(execution.data) : execution.data;
			const runData = data?.resultData?.runData ?? {};
			return {
				id,
				status: execution.status,
				output: (nodeName) => (runData[nodeName]?.[0]?.data?.main?.[0] ?? []).map((item: { json: unknown }) => item.json),
				error: data?.resultData?.error,
			};
		}
		if (Date.now() > deadline) throw new Error(`execution ${id} still ${execution?.status} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Runs a saved workflow as the editor's "Execute workflow" button does, from the given trigger. */
export async function runWorkflow(client: N8nClient, workflowId: string, trigger: string): Promise<ExecutionResult> {
	const started = await client.request('POST', `/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } });
	const executionId = started.body?.data?.executionId;
	if (!executionId) throw new Error(`run did not start: ${started.status} ${JSON.stringify(started.body)}`);
	return await waitForExecution(client, executionId);
}

/** The newest execution of a workflow (e.g. one a form submission started). */
export async function latestExecution(client: N8nClient, workflowId: string, timeoutMs = 30_000): Promise<ExecutionResult> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { body } = await client.request('GET', `/rest/executions?filter=${filter}`);
		const newest = body?.data?.results?.[0];
		if (newest) return await waitForExecution(client, newest.id);
		if (Date.now() > deadline) throw new Error(`no execution of ${workflowId}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
