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

/** Polls the execution behind a waiting URL until it waits on a form page. */
async function untilFormWaiting(waitingUrl: URL, executionId: string, timeoutMs: number): Promise<void> {
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
}

async function readPage(waitingUrl: URL): Promise<{ title: string; message: string; text: string; html: string }> {
	const page = await fetch(waitingUrl);
	const html = await page.text();
	if (page.status !== 200) throw new Error(`form page answered ${page.status}: ${html.slice(0, 500)}`);
	const title = decode(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
	const message = decode(/<p style="white-space: pre-line;">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');
	const text = decode(html.replace(/<(script|style)[\s\S]*?<\/\1>/g, ''));
	return { title, message, text, html };
}

export interface FormPage {
	executionId: string;
	waitingUrl: URL;
	title: string;
	message: string;
	/** The page's visible text. */
	text: string;
	html: string;
}

/** Steps 1 to 3 for a form whose next page asks something: returns that page. */
export async function openForm(formUrl: string, labels: string[], answers: Record<string, string>, timeoutMs = 60_000): Promise<FormPage> {
	const data = new FormData();
	labels.forEach((label, index) => data.append(`field-${index}`, answers[label] ?? ''));
	const submitted = await fetch(formUrl, { method: 'POST', body: data });
	const body = await submitted.text();
	if (submitted.status !== 200) throw new Error(`form POST answered ${submitted.status}: ${body.slice(0, 500)}`);
	const waiting = (JSON.parse(body) as { formWaitingUrl?: string }).formWaitingUrl;
	if (!waiting) throw new Error(`form POST gave no formWaitingUrl: ${body.slice(0, 500)}`);
	const waitingUrl = new URL(waiting);
	const executionId = waitingUrl.pathname.split('/').pop()!;
	await untilFormWaiting(waitingUrl, executionId, timeoutMs);
	return { executionId, waitingUrl, ...(await readPage(waitingUrl)) };
}

/** Answers a form page (its fields in order), as its script does, and follows it to the Form Ending page. */
export async function answerFormPage(page: FormPage, values: string[], timeoutMs = 60_000): Promise<{ title: string; message: string }> {
	const { waitingUrl } = page;
	const data = new FormData();
	values.forEach((value, index) => data.append(`field-${index}`, value));
	const answered = await fetch(waitingUrl, { method: 'POST', body: data });
	if (answered.status !== 200) throw new Error(`form page POST answered ${answered.status}: ${(await answered.text()).slice(0, 500)}`);
	// Until the execution has moved on from the page just answered to the next one.
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		await untilFormWaiting(waitingUrl, page.executionId, timeoutMs);
		const next = await readPage(waitingUrl);
		if (next.title !== page.title) {
			await fetch(waitingUrl, { method: 'POST' });
			return { title: next.title, message: next.message };
		}
		if (Date.now() > deadline) throw new Error(`execution ${page.executionId} still shows "${page.title}" after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

export async function submitForm(formUrl: string, labels: string[], answers: Record<string, string>, timeoutMs = 60_000): Promise<EndPage> {
	const page = await openForm(formUrl, labels, answers, timeoutMs);
	await fetch(page.waitingUrl, { method: 'POST' });
	return { executionId: page.executionId, title: page.title, message: page.message, html: page.html };
}
