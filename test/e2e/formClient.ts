/**
 * Fills in an n8n form at its real URL and follows it to the page the person ends on, making the
 * requests the form page's own script makes in a browser (n8n 2.x, form-trigger.handlebars and
 * form-trigger-completion.handlebars):
 * 1. POST the answers (multipart, fields `field-<n>` in the order of the form's fields); a form
 *    with pages after it answers `{ formWaitingUrl }`;
 * 2. poll `<formWaitingUrl>/n8n-execution-status` until the execution waits on a form page
 *    (`form-waiting`);
 * 3. GET the waiting URL: the Form Ending page, with its title and message;
 * 4. POST to it, as that page does on load, which lets the execution finish.
 */
export interface EndPage {
	executionId: string;
	title: string;
	message: string;
	html: string;
}

const decode = (html: string) =>
	html
		.replace(/<br\s*\/?>/g, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&quot;/g, '"')
		.replace(/&#x27;|&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&')
		.trim();

export async function submitForm(formUrl: string, labels: string[], answers: Record<string, string>, timeoutMs = 60_000): Promise<EndPage> {
	const data = new FormData();
	labels.forEach((label, index) => data.append(`field-${index}`, answers[label] ?? ''));
	const submitted = await fetch(formUrl, { method: 'POST', body: data });
	const body = await submitted.text();
	if (submitted.status !== 200) throw new Error(`form POST answered ${submitted.status}: ${body.slice(0, 500)}`);
	const waiting = (JSON.parse(body) as { formWaitingUrl?: string }).formWaitingUrl;
	if (!waiting) throw new Error(`form POST gave no formWaitingUrl: ${body.slice(0, 500)}`);
	const waitingUrl = new URL(waiting);
	const executionId = waitingUrl.pathname.split('/').pop()!;

	const statusUrl = new URL(waitingUrl);
	statusUrl.pathname += '/n8n-execution-status';
	const deadline = Date.now() + timeoutMs;
	for (let status = ''; status !== 'form-waiting'; ) {
		status = (await (await fetch(statusUrl)).text()).trim();
		if (['canceled', 'crashed', 'error', 'success', 'null'].includes(status)) {
			throw new Error(`execution ${executionId} ended as "${status}" without reaching a form page`);
		}
		if (Date.now() > deadline) throw new Error(`execution ${executionId} still "${status}" after ${timeoutMs} ms`);
		if (status !== 'form-waiting') await new Promise((resolve) => setTimeout(resolve, 200));
	}

	const page = await fetch(waitingUrl);
	const html = await page.text();
	if (page.status !== 200) throw new Error(`form page answered ${page.status}: ${html.slice(0, 500)}`);
	const title = decode(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
	const message = decode(/<p style="white-space: pre-line;">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');
	await fetch(waitingUrl, { method: 'POST' });
	return { executionId, title, message, html };
}
