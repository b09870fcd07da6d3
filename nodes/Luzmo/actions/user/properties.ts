/**
 * The user properties Luzmo documents for both Create User and Update User, besides `email`:
 * https://developer.luzmo.com/api/createUser and https://developer.luzmo.com/api/updateUser list the
 * same 20 (Update adds `email` itself, which Create requires). One list, so the two operations
 * cannot drift apart.
 */
import type { INodeProperties } from 'n8n-workflow';

import { optionalBoolean, optionalNumber, optionalText } from '../../../shared/schema';
import { optionalFeatureOverrides, optionalJsonObject, optionalMultilingualText, optionalTextList } from './values';

/** Zod readers of the properties, keyed by their API names, in the documents' order. */
export const userPropertySchemas = {
	name: optionalText,
	city: optionalText,
	phone: optionalText,
	theme: optionalText,
	warp_notifications: optionalBoolean,
	show_formula_tutorial: optionalBoolean,
	show_dashboard_templates: optionalBoolean,
	onboarding_menu_visible: optionalBoolean,
	onboarding_editor_active: optionalBoolean,
	onboarding_editor_progress: optionalNumber,
	collection_order: optionalTextList('collections', 'id'),
	company: optionalMultilingualText,
	role: optionalText,
	suborganization: optionalText,
	campaign: optionalText,
	timezone_id: optionalText,
	feature_overrides: optionalFeatureOverrides,
	onboarding_integration_progress: optionalText,
	onboarding_embedded_editor_progress: optionalNumber,
	account_overrides: optionalJsonObject,
};

/** The UI field of each property, named after it. */
export const userPropertyFields: Array<INodeProperties & { name: keyof typeof userPropertySchemas }> = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. John Doe',
		description: 'Full name of the user',
	},
	{
		displayName: 'City',
		name: 'city',
		type: 'string',
		default: '',
		placeholder: 'e.g. BigCity',
		description: 'City the user lives or works in',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. +1234567890',
		description: 'Phone number of the user',
	},
	{
		displayName: 'Theme',
		name: 'theme',
		type: 'string',
		default: '',
		placeholder: 'e.g. light',
		description: 'Theme of the Luzmo interface for the user',
	},
	{
		displayName: 'Warp Notifications',
		name: 'warp_notifications',
		type: 'boolean',
		default: false,
		description: 'Whether the user gets Warp notifications',
	},
	{
		displayName: 'Show Formula Tutorial',
		name: 'show_formula_tutorial',
		type: 'boolean',
		default: false,
		description: 'Whether the formula tutorial is shown to the user',
	},
	{
		displayName: 'Show Dashboard Templates',
		name: 'show_dashboard_templates',
		type: 'boolean',
		default: false,
		description: 'Whether dashboard templates are shown to the user',
	},
	{
		displayName: 'Onboarding Menu Visible',
		name: 'onboarding_menu_visible',
		type: 'boolean',
		default: false,
		description: 'Whether the onboarding menu is visible to the user',
	},
	{
		displayName: 'Onboarding Editor Active',
		name: 'onboarding_editor_active',
		type: 'boolean',
		default: false,
		description: 'Whether the onboarding of the dashboard editor is active for the user',
	},
	{
		displayName: 'Onboarding Editor Progress',
		name: 'onboarding_editor_progress',
		type: 'number',
		default: 0,
		description: 'How far the user is in the dashboard editor onboarding, e.g. 50',
	},
	{
		displayName: 'Collection Order',
		name: 'collection_order',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Collection',
		default: {},
		description: 'Order of the user\'s collections, first to last (a list of strings)',
		options: [
			{
				displayName: 'Collection',
				name: 'collections',
				values: [
					{
						displayName: 'Collection',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'e.g. item1',
						description: 'A collection, as Luzmo identifies it',
					},
				],
			},
		],
	},
	{
		displayName: 'Company',
		name: 'company',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Translation',
		default: {},
		description: 'Company of the user, as a multilingual text: one entry per language',
		options: [
			{
				displayName: 'Translation',
				name: 'translations',
				values: [
					{
						displayName: 'Language Code',
						name: 'language',
						type: 'string',
						default: 'en',
						placeholder: 'e.g. en',
						description: 'Language of this text, e.g. en, fr or nl',
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
						placeholder: 'e.g. Company Name',
						description: 'The company name in that language',
					},
				],
			},
		],
	},
	{
		displayName: 'Role',
		name: 'role',
		type: 'string',
		default: '',
		placeholder: 'e.g. member',
		description: 'Role of the user in the organization',
	},
	{
		displayName: 'Suborganization',
		name: 'suborganization',
		type: 'string',
		default: '',
		placeholder: 'e.g. SubOrgName',
		description: 'Suborganization the user belongs to',
	},
	{
		displayName: 'Campaign',
		name: 'campaign',
		type: 'string',
		default: '',
		placeholder: 'e.g. campaign_name',
		description: 'Campaign the user came from',
	},
	{
		displayName: 'Timezone ID',
		name: 'timezone_id',
		type: 'string',
		default: '',
		placeholder: 'e.g. Europe/Brussels',
		description: 'Time zone of the user. Documented as a UUID, but Luzmo\'s own example is a time zone name.',
	},
	{
		displayName: 'Feature Overrides',
		name: 'feature_overrides',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Feature Override',
		default: {},
		description: 'Feature flags turned on or off for this user; Luzmo receives them as a list such as ["!flag_alerting", "flag_opendataboard"]',
		options: [
			{
				displayName: 'Override',
				name: 'overrides',
				values: [
					{
						displayName: 'Feature Flag',
						name: 'flag',
						type: 'string',
						default: '',
						placeholder: 'e.g. flag_opendataboard',
						description: 'Name of the feature flag, without a leading !',
					},
					{
						displayName: 'Enabled',
						name: 'enabled',
						type: 'boolean',
						default: true,
						description: 'Whether the feature is turned on; off sends the flag with Luzmo\'s ! prefix',
					},
				],
			},
		],
	},
	{
		displayName: 'Onboarding Integration Progress',
		name: 'onboarding_integration_progress',
		type: 'string',
		default: '',
		placeholder: 'e.g. complete',
		description: 'Where the user is in the integration onboarding',
	},
	{
		displayName: 'Onboarding Embedded Editor Progress',
		name: 'onboarding_embedded_editor_progress',
		type: 'number',
		default: 0,
		description: 'How far the user is in the embedded editor onboarding, e.g. 25',
	},
	{
		displayName: 'Account Overrides',
		name: 'account_overrides',
		type: 'json',
		default: '{}',
		description: 'Account overrides for this user, as a JSON object; Luzmo documents it as an object without a fixed shape',
	},
];
