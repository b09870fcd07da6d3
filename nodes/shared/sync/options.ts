/**
 * Sync's own fields: Mode, Users Not in Roster, the roster's group field, and the Options that
 * set the scope and the removal guard. Worded by the vendor folder (which removals it has, whether
 * it has groups), read here once.
 */
import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { requestOptionFields } from '../fields';
import { identityKey } from '../directory';
import type { MaxRemovals, NotInRoster } from './plan';

export interface SyncFieldsVendor {
	name: string;
	concurrencyNote: string;
	/** The removals the vendor's API has, in its words (Keep is always offered). */
	removals: Array<INodePropertyOptions & { value: Exclude<NotInRoster, 'keep'> }>;
	/** The roster field with group IDs and the group scope, for vendors with groups. */
	groups?: { idExample: string };
	/** What a role looks like, for the Role scope's placeholder. */
	roleExample: string;
}

export const DEFAULT_MAX_REMOVALS_PERCENT = 20;

export function syncProperties(vendor: SyncFieldsVendor): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Preview', value: 'preview', description: `Output the plan; send no change to ${vendor.name}` },
				{ name: 'Apply', value: 'apply', description: `Make ${vendor.name} match the roster` },
			],
			default: 'preview',
			description: 'Whether to only show what would change, or to change it. Each input item is one roster row; the items together are the whole roster.',
		},
		{
			displayName: 'Users Not in Roster',
			name: 'notInRoster',
			type: 'options',
			noDataExpression: true,
			options: [{ name: 'Keep (Report Only)', value: 'keep', description: 'Output them as skipped; change nothing' }, ...vendor.removals],
			default: 'keep',
			description: `What to do with ${vendor.name} users in the sync scope that no roster row names`,
		},
	];
	if (vendor.groups) {
		properties.push({
			displayName: 'Group IDs',
			name: 'groupIds',
			type: 'string',
			default: '',
			placeholder: `e.g. ${vendor.groups.idExample}`,
			description:
				'The groups this person should be in: IDs separated by commas (e.g. from a roster column). Missing memberships are added; others are removed only in the Managed Groups option\'s groups.',
		});
	}
	const [concurrency, timeout] = requestOptionFields(vendor);
	const options: INodeProperties[] = [
		concurrency,
		timeout,
		{
			displayName: 'Email Domains',
			name: 'emailDomains',
			type: 'string',
			default: '',
			placeholder: 'e.g. example.com, example.org',
			description: 'Only users with an email in these domains are synced, separated by commas; others are never changed. Empty: every domain.',
		},
		{
			displayName: 'Max Removals',
			name: 'maxRemovals',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 10,
			description: 'The most users one run may remove or deactivate. Above it the node fails before any change.',
		},
		{
			displayName: 'Max Removals (%)',
			name: 'maxRemovalsPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100 },
			default: DEFAULT_MAX_REMOVALS_PERCENT,
			description: `The most users one run may remove or deactivate, as a percentage of the users in scope (${DEFAULT_MAX_REMOVALS_PERCENT} % unless set). Above it the node fails before any change.`,
		},
		{
			displayName: 'Never Touch',
			name: 'neverTouch',
			type: 'string',
			default: '',
			placeholder: 'e.g. admin@example.com, integration@example.com',
			description: 'Emails the sync never creates, changes or removes, separated by commas: admins, the integration\'s own account',
		},
		{
			displayName: 'Role',
			name: 'scopeRole',
			type: 'string',
			default: '',
			placeholder: `e.g. ${vendor.roleExample}`,
			description: 'Only existing users with this role are changed or removed; others are reported as skipped',
		},
	];
	if (vendor.groups) {
		options.push(
			{
				displayName: 'Group',
				name: 'scopeGroup',
				type: 'string',
				default: '',
				placeholder: `e.g. ${vendor.groups.idExample}`,
				description: 'Only existing members of this group (its ID) are changed or removed; others are reported as skipped',
			},
			{
				displayName: 'Managed Groups',
				name: 'managedGroups',
				type: 'string',
				default: '',
				placeholder: `e.g. ${vendor.groups.idExample}`,
				description: 'Group IDs, separated by commas, whose members the roster decides: a member the roster does not put in one is taken out of it. Empty: memberships are only added.',
			},
		);
	}
	properties.push({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	});
	return properties;
}

export interface SyncSettings {
	mode: 'preview' | 'apply';
	notInRoster: NotInRoster;
	emailDomains: string[];
	neverTouch: Set<string>;
	scopeRole?: string;
	scopeGroup?: string;
	managedGroups: string[];
	maxRemovals: MaxRemovals;
}

/** A comma- (or newline-) separated list, trimmed, without blanks. */
export function splitList(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(splitList);
	if (typeof value === 'number') return [String(value)];
	if (typeof value !== 'string') return [];
	return value.split(/[,;\n]/).map((part) => part.trim()).filter(Boolean);
}

export function readSyncSettings(ctx: IExecuteFunctions): SyncSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as Record<string, unknown>;
	const number = (value: unknown) => (value === undefined || value === null || value === '' || !Number.isFinite(Number(value)) ? undefined : Number(value));
	const notInRoster = String(ctx.getNodeParameter('notInRoster', 0, 'keep'));
	const role = typeof options.scopeRole === 'string' ? options.scopeRole.trim() : '';
	const group = splitList(options.scopeGroup)[0];
	return {
		mode: ctx.getNodeParameter('mode', 0, 'preview') === 'apply' ? 'apply' : 'preview',
		notInRoster: notInRoster === 'delete' || notInRoster === 'deactivate' ? notInRoster : 'keep',
		emailDomains: splitList(options.emailDomains).map((domain) => domain.replace(/^@/, '').toLowerCase()),
		neverTouch: new Set(splitList(options.neverTouch).map(identityKey)),
		...(role ? { scopeRole: role } : {}),
		...(group ? { scopeGroup: group } : {}),
		managedGroups: splitList(options.managedGroups),
		maxRemovals: { count: number(options.maxRemovals), percent: number(options.maxRemovalsPercent) ?? DEFAULT_MAX_REMOVALS_PERCENT },
	};
}
