import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { LuzmoSandbox } from '../sandbox/luzmo';
import { createUsers } from './helpers';

describe('Luzmo: Create User, bad input fails before any request', () => {
	let sandbox: LuzmoSandbox;
	beforeAll(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterAll(async () => await sandbox.stop());
	beforeEach(() => sandbox.requests.splice(0));

	// Item 0 is valid and item 1 is not (through `$json.v`): item 0 must not be sent either,
	// because every item is validated before the first request.
	const cases: Array<{ title: string; fields?: INodeParameters; good: unknown; bad: unknown; message: string }> = [
		{ title: 'an invalid email', good: 'valid@example.com', bad: 'john.doe(at)example.com', message: 'Invalid "Email" in item 1: must be a valid email address' },
		{ title: 'an empty email', good: 'valid@example.com', bad: '', message: 'Invalid "Email" in item 1: is required' },
		{
			title: 'broken JSON in Account Overrides',
			fields: { account_overrides: '={{ $json.v }}' },
			good: '{ "locale": "nl" }',
			bad: '{ "locale": nl }',
			message: 'Invalid "Additional Fields > Account Overrides" in item 1: is not valid JSON',
		},
		{
			title: 'a JSON array in Account Overrides',
			fields: { account_overrides: '={{ $json.v }}' },
			good: '{ "locale": "nl" }',
			bad: '["locale"]',
			message: 'Invalid "Additional Fields > Account Overrides" in item 1: must be a JSON object',
		},
		{
			title: 'text in a number field',
			fields: { onboarding_editor_progress: '={{ $json.v }}' },
			good: 50,
			bad: 'half',
			message: 'Invalid "Additional Fields > Onboarding Editor Progress" in item 1: must be a number',
		},
		{
			title: 'text in a boolean field',
			fields: { warp_notifications: '={{ $json.v }}' },
			good: true,
			bad: 'sometimes',
			message: 'Invalid "Additional Fields > Warp Notifications" in item 1: must be true or false',
		},
		{
			title: 'a language name instead of a code in Company',
			fields: { company: { translations: [{ language: '={{ $json.v }}', text: 'Acme' }] } },
			good: 'en',
			bad: 'English',
			message: 'Invalid "Additional Fields > Company > Language Code (entry 1)" in item 1: must be a language code',
		},
		{
			title: 'the same language twice in Company',
			fields: { company: { translations: [{ language: 'en', text: 'Acme' }, { language: '={{ $json.v }}', text: 'Acme Inc' }] } },
			good: 'fr',
			bad: 'EN',
			message: 'Invalid "Additional Fields > Company > Language Code (entry 2)" in item 1: "EN" is given twice',
		},
		{
			title: 'an empty entry in Collection Order',
			fields: { collection_order: { collections: [{ id: 'item1' }, { id: '={{ $json.v }}' }] } },
			good: 'item2',
			bad: ' ',
			message: 'Invalid "Additional Fields > Collection Order > Collection (entry 2)" in item 1: is required',
		},
		{
			title: 'a feature flag typed with its own !',
			fields: { feature_overrides: { overrides: [{ flag: '={{ $json.v }}', enabled: true }] } },
			good: 'flag_alerting',
			bad: '!flag_alerting',
			message: 'Invalid "Additional Fields > Feature Overrides > Feature Flag (entry 1)" in item 1: starts with "!"',
		},
	];

	it.each(cases)('$title: the error names field and item, and nothing is sent for any item', async ({ fields, good, bad, message }) => {
		const emailCase = fields === undefined;
		const run = await createUsers(
			sandbox,
			[
				{ email: emailCase ? good : 'first@example.com', v: good },
				{ email: emailCase ? bad : 'second@example.com', v: bad },
			] as IDataObject[],
			{ additionalFields: fields ?? {} },
		);

		expect(run.items).toBeUndefined();
		expect(run.error?.message).toContain(message);
		expect(run.error?.description).toMatch(/No request was sent/);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('accepts the good values of those cases (the cases fail for their bad value only)', async () => {
		for (const { fields, good } of cases.filter((c) => c.fields)) {
			const run = await createUsers(sandbox, [{ email: `ok${sandbox.requests.length}@example.com`, v: good }] as IDataObject[], {
				additionalFields: fields!,
			});
			expect(run.error).toBeUndefined();
		}
		expect(sandbox.creates()).toHaveLength(cases.filter((c) => c.fields).length);
	});
});
