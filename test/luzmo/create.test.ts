import { LuzmoSandbox } from '../sandbox/luzmo';
import { createUsers } from './helpers';

/**
 * The seed's example (the 200 panel of "Create User") is the user Luzmo returns; its create
 * properties entered in the node's fields must produce exactly the documented request.
 */
const SEED_PROPERTIES = {
	email: 'john.doe@example.com',
	name: 'John Doe',
	city: 'BigCity',
	phone: '+1234567890',
	theme: 'light',
	warp_notifications: false,
	show_formula_tutorial: true,
	show_dashboard_templates: true,
	onboarding_menu_visible: true,
	onboarding_editor_active: true,
	onboarding_editor_progress: 50,
	collection_order: ['item1', 'item2', 'item3'],
	company: { en: 'Company Name' },
	role: 'member',
	suborganization: 'SubOrgName',
	campaign: 'campaign_name',
	timezone_id: 'Europe/Brussels',
	feature_overrides: ['!flag_alerting', 'flag_opendataboard'],
	onboarding_integration_progress: 'complete',
	onboarding_embedded_editor_progress: 25,
};

/** The same, as a user fills the node's Additional Fields. */
const SEED_FIELDS = {
	name: 'John Doe',
	city: 'BigCity',
	phone: '+1234567890',
	theme: 'light',
	warp_notifications: false,
	show_formula_tutorial: true,
	show_dashboard_templates: true,
	onboarding_menu_visible: true,
	onboarding_editor_active: true,
	onboarding_editor_progress: 50,
	collection_order: { collections: [{ id: 'item1' }, { id: 'item2' }, { id: 'item3' }] },
	company: { translations: [{ language: 'en', text: 'Company Name' }] },
	role: 'member',
	suborganization: 'SubOrgName',
	campaign: 'campaign_name',
	timezone_id: 'Europe/Brussels',
	feature_overrides: {
		overrides: [
			{ flag: 'flag_alerting', enabled: false },
			{ flag: 'flag_opendataboard', enabled: true },
		],
	},
	onboarding_integration_progress: 'complete',
	onboarding_embedded_editor_progress: 25,
};

describe('Luzmo: Create User, the request on the wire', () => {
	let sandbox: LuzmoSandbox;
	beforeEach(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('sends the seed example as documented: POST /0.1.0/user, action create, key/token/version in the body', async () => {
		const result = await createUsers(sandbox, [{ email: 'john.doe@example.com' }], { additionalFields: SEED_FIELDS });

		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(1);
		const [request] = sandbox.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/0.1.0/user');
		expect(request.query).toEqual({});
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.headers.authorization).toBeUndefined();
		expect(JSON.parse(request.rawBody)).toEqual({
			action: 'create',
			key: sandbox.apiKey,
			token: sandbox.apiToken,
			version: '0.1.0',
			properties: SEED_PROPERTIES,
		});
		// The field order of the seed document is kept, too.
		expect(Object.keys(JSON.parse(request.rawBody).properties)).toEqual(Object.keys(SEED_PROPERTIES));

		expect(result.items).toHaveLength(1);
		expect(result.items![0].json).toMatchObject({ ...SEED_PROPERTIES, provisioningStatus: 'created' });
		expect(result.items![0].json.id).toEqual(expect.any(String));
		expect(result.items![0].pairedItem).toEqual({ item: 0 });
	});

	it('sends only the email when no Additional Field is set', async () => {
		const result = await createUsers(sandbox, [{ email: '  ada@example.com ' }]);

		expect(result.error).toBeUndefined();
		expect(sandbox.creates()[0].body.properties).toEqual({ email: 'ada@example.com' });
	});

	it('sends Account Overrides as the JSON object typed, and a switched-off feature with its ! prefix', async () => {
		const result = await createUsers(sandbox, [{ email: 'ada@example.com' }], {
			additionalFields: {
				account_overrides: '{ "dashboards": { "max": 10 }, "locale": "nl" }',
				feature_overrides: { overrides: [{ flag: 'flag_opendataboard', enabled: false }] },
			},
		});

		expect(result.error).toBeUndefined();
		expect(sandbox.creates()[0].body.properties).toEqual({
			email: 'ada@example.com',
			account_overrides: { dashboards: { max: 10 }, locale: 'nl' },
			feature_overrides: ['!flag_opendataboard'],
		});
	});

	it('takes values from expressions: numbers and booleans as text, an object for Account Overrides, several languages', async () => {
		const result = await createUsers(
			sandbox,
			[{ email: 'ada@example.com', progress: '75', tutorial: 'true', overrides: { seats: 3 }, fr: 'Société' }],
			{
				additionalFields: {
					onboarding_editor_progress: '={{ $json.progress }}',
					show_formula_tutorial: '={{ $json.tutorial }}',
					account_overrides: '={{ $json.overrides }}',
					company: { translations: [{ language: 'en', text: 'Company' }, { language: 'fr', text: '={{ $json.fr }}' }] },
				},
			},
		);

		expect(result.error).toBeUndefined();
		expect(sandbox.creates()[0].body.properties).toEqual({
			email: 'ada@example.com',
			onboarding_editor_progress: 75,
			show_formula_tutorial: true,
			account_overrides: { seats: 3 },
			company: { en: 'Company', fr: 'Société' },
		});
	});

	it('leaves out Additional Fields that were added but left empty', async () => {
		const result = await createUsers(sandbox, [{ email: 'ada@example.com' }], {
			additionalFields: { name: '', collection_order: {}, company: {}, feature_overrides: {}, account_overrides: '{}' },
		});

		expect(result.error).toBeUndefined();
		expect(sandbox.creates()[0].body.properties).toEqual({ email: 'ada@example.com' });
	});
});
