/**
 * What Create or Update and Sync need from a vendor, and the one "create when absent, else update
 * only what differs" both run. The vendor folder says how its fields compare and which requests
 * create, update and remove; matching, diffing, sending once and ordering live here.
 */
import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import type { UserDirectory } from '../directory';
import { PROVISIONING_STATUS_FIELD, provisionInTurn } from '../provision';
import type { ItemOperation } from '../runner';
import type { Changes, FieldComparison } from './plan';
import { diffUser } from './plan';

/** One vendor's side of a sync, for one execution (and, for OpsRamp, one tenant). */
export interface SyncVendor<User extends IDataObject, Input> {
	name: string;
	node: INode;
	directory: UserDirectory<User>;
	/** The vendor's fields a roster row sets, keyed by vendor field; undefined: not managed. */
	wanted(input: Input): Record<string, unknown>;
	fields: FieldComparison[];
	emailOf(input: Input): string;
	/** Sends the vendor's create once (the caller wraps it: one account per person). */
	create(input: Input, itemIndex: number): Promise<User>;
	/** Sends the vendor's update of only these fields, and returns the user as changed. */
	update(user: User, input: Input, changes: Changes, itemIndex: number): Promise<User>;
	/** How the vendor removes a user, where it can (a 404 is already gone: done). */
	remove?: { delete?(user: User, itemIndex: number): Promise<void>; deactivate?(user: User, itemIndex: number): Promise<void> };
	/** A second natural key (OpsRamp's login name): the user it finds when the email found nobody. */
	findByOtherKey?(input: Input, itemIndex: number): Promise<User | undefined>;
	otherKey?: { name: string; ofInput(input: Input): string | undefined; ofUser(user: User): string | undefined };
	/** The user's role or roles, for the Role scope (compared case-insensitively). */
	roleOf?(user: User): unknown;
	/** Whether a listed user is deactivated already (left alone as a leaver; see planSync). */
	isDeactivated?(user: User): boolean;
	/** Group memberships, where the vendor has groups (see groups.ts). */
	groups?: GroupAdapter<User>;
}

/** What a vendor's groups API does, for Sync's group field. */
export interface GroupAdapter<User extends IDataObject> {
	/** The IDs of the members of one group: one read per managed group. */
	memberIds(groupId: string, itemIndex: number): Promise<Set<string>>;
	add(groupId: string, user: User, itemIndex: number): Promise<void>;
	remove(groupId: string, user: User, itemIndex: number): Promise<void>;
	/** Checks a group ID as typed in the roster; returns the message of what is wrong, if anything. */
	invalidId?(groupId: string): string | undefined;
}

export type UpsertStatus = 'created' | 'updated' | 'unchanged';

export interface UpsertResult<User extends IDataObject> {
	status: UpsertStatus;
	user: User;
	changes: Changes;
}

/**
 * Create or Update for one person, in the email's turn: an absent user is created once (a lost
 * answer is looked up before any resend; an "already exists" becomes a lookup), a present one gets
 * only the fields that differ, and nothing is sent when nothing differs.
 * `known` is the user as Sync read it (undefined: absent when read); without it, the directory looks.
 */
export async function createOrUpdate<User extends IDataObject, Input>(
	vendor: SyncVendor<User, Input>,
	input: Input,
	itemIndex: number,
	known?: { user: User | undefined },
): Promise<UpsertResult<User>> {
	const email = vendor.emailOf(input);
	return await vendor.directory.forEmail(email, async () => {
		let user = known ? known.user : await vendor.directory.findByEmail(email, itemIndex);
		if (!user && !known && vendor.findByOtherKey) user = await vendor.findByOtherKey(input, itemIndex);
		if (!user) {
			const provisioned = await provisionInTurn<User>({
				node: vendor.node,
				vendorName: vendor.name,
				directory: vendor.directory,
				email,
				ifUserExists: 'returnExisting',
				itemIndex,
				create: async () => await vendor.create(input, itemIndex),
			});
			if (provisioned.status === 'created') return { status: 'created' as const, user: provisioned.user, changes: {} };
			user = provisioned.user;
		}
		const changes = diffUser(user, vendor.wanted(input), vendor.fields);
		if (!Object.keys(changes).length) return { status: 'unchanged' as const, user, changes };
		const updated = await vendor.update(user, input, changes, itemIndex);
		return { status: 'updated' as const, user: vendor.directory.remember(updated), changes };
	});
}

/** Create or Update's item work on the shared runner: the vendor's Create parse, then createOrUpdate. */
export function upsertItems<User extends IDataObject, Input>(
	parse: (itemIndex: number) => Input,
	vendorFor: (input: Input) => SyncVendor<User, Input>,
	output: (user: User) => IDataObject = (user) => user,
): ItemOperation<Input> {
	return {
		parse,
		execute: async (input, itemIndex) => {
			const { status, user, changes } = await createOrUpdate(vendorFor(input), input, itemIndex);
			return Object.assign({}, output(user), { [PROVISIONING_STATUS_FIELD]: status, changes: changes as IDataObject });
		},
	};
}

/** Create's fields without its Options (If User Exists has no meaning for an upsert), then Concurrency and Timeout. */
export function upsertProperties(createProperties: INodeProperties[], options: INodeProperties): INodeProperties[] {
	return [...createProperties.filter((property) => property.name !== 'options'), options];
}
