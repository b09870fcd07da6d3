import type { INodeProperties } from 'n8n-workflow';

import { inputSchema, properties } from '../../nodes/Luzmo/actions/user/create.operation';
import { luzmoApi } from '../../nodes/Luzmo/transport';

/** The 21 properties of the seed document, in its order. */
const SEED_PROPERTIES = [
	'email', 'name', 'city', 'phone', 'theme', 'warp_notifications', 'show_formula_tutorial', 'show_dashboard_templates',
	'onboarding_menu_visible', 'onboarding_editor_active', 'onboarding_editor_progress', 'collection_order', 'company', 'role',
	'suborganization', 'campaign', 'timezone_id', 'feature_overrides', 'onboarding_integration_progress',
	'onboarding_embedded_editor_progress', 'account_overrides',
];

const topLevel = properties.filter((p) => p.name !== 'additionalFields' && p.name !== 'options');
const additional = (properties.find((p) => p.name === 'additionalFields')!.options ?? []) as INodeProperties[];

describe('Luzmo Create User: UI fields and schema describe the same properties', () => {
	it('has a schema key for each of the 21 documented properties, in the document\'s order', () => {
		expect(Object.keys(inputSchema.shape)).toEqual(SEED_PROPERTIES);
	});

	it('shows every schema key as a field named after it, and nothing else', () => {
		expect([...topLevel, ...additional].map((p) => p.name).sort()).toEqual([...SEED_PROPERTIES].sort());
	});

	it('puts exactly the required schema keys top-level, marked required', () => {
		const requiredKeys = Object.entries(inputSchema.shape).filter(([, schema]) => !schema.isOptional()).map(([key]) => key);
		expect(requiredKeys).toEqual(['email']);
		expect(topLevel.map((p) => [p.name, p.required])).toEqual([['email', true]]);
		expect(additional.every((p) => !p.required)).toBe(true);
	});

	it('types each field as the document types its property', () => {
		const types = Object.fromEntries([...topLevel, ...additional].map((p) => [p.name, p.type]));
		expect(types).toMatchObject({
			warp_notifications: 'boolean',
			show_formula_tutorial: 'boolean',
			show_dashboard_templates: 'boolean',
			onboarding_menu_visible: 'boolean',
			onboarding_editor_active: 'boolean',
			onboarding_editor_progress: 'number',
			onboarding_embedded_editor_progress: 'number',
			collection_order: 'fixedCollection',
			company: 'fixedCollection',
			feature_overrides: 'fixedCollection',
			account_overrides: 'json',
			timezone_id: 'string',
		});
	});
});

describe('Luzmo transport', () => {
	it('reads the host from the region, or the custom host', () => {
		expect(luzmoApi.endpoint({ region: 'https://api.us.luzmo.com' })).toMatchObject({ url: 'https://api.us.luzmo.com', field: 'Region' });
		expect(luzmoApi.endpoint({ region: 'custom', customHost: ' https://api.vpc.luzmo.com ' })).toMatchObject({ url: ' https://api.vpc.luzmo.com ', field: 'Custom Host' });
		expect(luzmoApi.endpoint({})).toMatchObject({ url: 'https://api.luzmo.com' });
	});

	it('reads Luzmo\'s error bodies', () => {
		expect(luzmoApi.readErrorMessage({ type: { code: 400, description: 'Bad Request' }, message: 'Bad thing.' })).toBe('Bad thing.');
		expect(luzmoApi.readErrorMessage({ type: { code: 403, description: 'Forbidden' } })).toBe('Forbidden');
		expect(luzmoApi.readErrorMessage({ type: { code: 400 }, validation: { email: ['is taken'] } })).toBe('Validation failed (email: is taken)');
		expect(luzmoApi.readErrorMessage('Oops, this route does not exist (yet)!')).toBeUndefined();
	});
});
