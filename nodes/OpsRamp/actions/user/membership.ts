/**
 * User group membership:
 * - Add users to a user group: POST {host}/api/v2/tenants/{tenantId}/userGroups/{userGroupId}/users
 * - Delete users from a user group: DELETE, same path;
 *   both with the body [{ "id": "USR0000000029" }] and answering 200.
 * - Get user group: GET {host}/api/v2/tenants/{tenantId}/userGroups/{userGroupId}
 * opsramp/openapi-specs v2/opsramp-tenancy-access-controls.v2.yaml; HPE/terraform-provider-opsramp
 * internal/client/user_group.go sends the same calls.
 * Whether a user is a member is read from Get User, whose answer lists the user's userGroups
 * with their uniqueIds (the page's example), so no paginated member list is read.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { UserDirectory } from '../../../shared/directory';
import { absentOn404, isNotFound, sendOnce } from '../../../shared/directory';
import { requiredText } from '../../../shared/schema';
import type { ApiSession } from '../../../shared/transport';
import type { OpsRampUser } from '../../transport';
import { tenantPath } from '../../transport';

export const groupIdProperty: INodeProperties = {
	displayName: 'User Group Name or ID',
	name: 'groupId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getUserGroupIds', loadOptionsDependsOn: ['tenantId'] },
	required: true,
	default: '',
	description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: "The user group's uniqueId, such as USRGRP-13cfc012-bb01-bbe3-6ed9-c46a192d0567 (Group > Get Many lists them)",
};

export const groupIdSchema = requiredText.regex(/^[^/?#\s]+$/, 'must be a user group ID such as USRGRP-13cfc012-bb01-bbe3-6ed9-c46a192d0567');

export function isMember(user: OpsRampUser, groupId: string): boolean {
	const groups = Array.isArray(user.userGroups) ? (user.userGroups as Array<{ uniqueId?: unknown }>) : [];
	return groups.some((group) => group && group.uniqueId === groupId);
}

function groupPath(tenantId: string, groupId: string): string {
	return `${tenantPath(tenantId)}/userGroups/${encodeURIComponent(groupId)}`;
}

export function groupNotFound(ctx: IExecuteFunctions, groupId: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `No OpsRamp user group with ID "${groupId}" (item ${itemIndex})`, {
		itemIndex,
		description: 'Check the User Group (Group > Get Many lists the tenant\'s user groups with their IDs) and the Tenant ID. Nothing was changed.',
	});
}

/** Whether the user group exists: Get User Group answers 404 for one that does not. */
export async function groupExists(session: ApiSession, tenantId: string, groupId: string, itemIndex: number): Promise<boolean> {
	const found = await absentOn404(async () => {
		await session.request({ method: 'GET', path: groupPath(tenantId, groupId), idempotent: true }, itemIndex);
		return true;
	});
	return found === true;
}

/**
 * Adds (POST) or removes (DELETE) one user. Neither is documented as safe to repeat, so a lost
 * answer is followed by a read of the user's groups, and the request is sent again only if the
 * change did not land. A 404 means the group is not there: a clear error, nothing changed.
 */
export async function changeMembership(
	ctx: IExecuteFunctions,
	session: ApiSession,
	directory: UserDirectory<OpsRampUser>,
	change: { tenantId: string; groupId: string; user: OpsRampUser; add: boolean },
	itemIndex: number,
): Promise<void> {
	const { tenantId, groupId, user, add } = change;
	let failure: unknown;
	try {
		await sendOnce(
			async () =>
				await session.request(
					{ method: add ? 'POST' : 'DELETE', path: `${groupPath(tenantId, groupId)}/users`, body: [{ id: user.id }], idempotent: false },
					itemIndex,
				),
			async () => {
				const now = await directory.findById(user.id, itemIndex, { fresh: true });
				return (add ? Boolean(now && isMember(now, groupId)) : !now || !isMember(now, groupId)) ? true : undefined;
			},
		);
		return;
	} catch (error) {
		failure = error;
	}
	if (isNotFound(failure)) throw groupNotFound(ctx, groupId, itemIndex);
	throw failure;
}

export function membershipOutput(user: OpsRampUser, groupId: string, outcome: IDataObject): IDataObject {
	return Object.assign({ id: user.id, loginName: user.loginName, email: user.email, groupId }, outcome);
}
