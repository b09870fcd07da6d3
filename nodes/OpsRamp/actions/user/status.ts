/**
 * Manage User: POST {host}/api/v2/tenants/{tenantId}/users/{userId}/{action}, action one of
 * ACTIVATE, DEACTIVATE, TERMINATE; body { deactivateReason } or { terminateReason, maskType }.
 * https://develop.opsramp.com/v2/api/tenancy-access-controls/tenantid-users-userid-action
 * (the published spec, opsramp/openapi-specs v2/opsramp-tenancy-access-controls.v2.yaml, has the
 * path with ACTIVATE and DEACTIVATE; TERMINATE and maskType are on the current page, and HPE's
 * own client deletes a user with TERMINATE and maskType FULL: HPE/terraform-provider-opsramp,
 * internal/client/user.go DeleteUser).
 * OpsRamp has no DELETE for a user: TERMINATE is how a user is removed.
 */
import type { IDataObject } from 'n8n-workflow';

import type { UserDirectory } from '../../../shared/directory';
import { sendOnce } from '../../../shared/directory';
import type { ApiSession } from '../../../shared/transport';
import type { OpsRampUser } from '../../transport';
import { userPath } from '../../transport';
import type { SelectedUser } from '../common';
import { isActive, isInactive } from '../common';

export type UserAction = 'ACTIVATE' | 'DEACTIVATE' | 'TERMINATE';

/**
 * Sends one status action for a user found before. The action is a POST that OpsRamp does not
 * document as repeatable: a lost answer is followed by a read of the user, and the action is
 * sent again only if `isDone` says it did not land.
 */
export async function sendUserAction(
	session: ApiSession,
	directory: UserDirectory<OpsRampUser>,
	target: { tenantId: string; userId: string; action: UserAction; body: IDataObject },
	isDone: (user: OpsRampUser | undefined) => boolean,
	itemIndex: number,
): Promise<void> {
	const { tenantId, userId, action, body } = target;
	await sendOnce(
		async () => await session.request({ method: 'POST', path: `${userPath(tenantId, userId)}/${action}`, body, idempotent: false }, itemIndex),
		async () => (isDone(await directory.findById(userId, itemIndex, { fresh: true })) ? true : undefined),
	);
}

/** Deactivate's and Activate's output: who, the status now, and whether it already was. */
export function statusOutput(user: OpsRampUser, status: 'active' | 'inactive', already: boolean): IDataObject {
	return {
		id: user.id,
		loginName: user.loginName,
		email: user.email,
		status,
		[status === 'active' ? 'alreadyActive' : 'alreadyInactive']: already,
	};
}

/**
 * Deactivate or Activate the chosen user: nothing is sent when the user already has the status
 * asked for. Returns undefined when there is no such user (the caller decides what that means).
 */
export async function changeStatus(
	session: ApiSession,
	directory: UserDirectory<OpsRampUser>,
	input: SelectedUser,
	change: { to: 'active' | 'inactive'; body: IDataObject },
	itemIndex: number,
): Promise<IDataObject | undefined> {
	return await directory.withUser(input, itemIndex, async (user) => {
		if (!user) return undefined;
		return await applyStatus(session, directory, { tenantId: input.tenantId, user }, change, itemIndex);
	});
}

async function applyStatus(
	session: ApiSession,
	directory: UserDirectory<OpsRampUser>,
	target: { tenantId: string; user: OpsRampUser },
	change: { to: 'active' | 'inactive'; body: IDataObject },
	itemIndex: number,
): Promise<IDataObject> {
	const { user } = target;
	const has = (candidate: OpsRampUser) => (change.to === 'inactive' ? isInactive(candidate) : isActive(candidate));
	if (has(user)) return statusOutput(user, change.to, true);
	// A user gone meanwhile is inactive enough; one to activate must still be there.
	const landed = (now: OpsRampUser | undefined) => (now ? has(now) : change.to === 'inactive');
	const action: UserAction = change.to === 'inactive' ? 'DEACTIVATE' : 'ACTIVATE';
	await sendUserAction(session, directory, { tenantId: target.tenantId, userId: user.id, action, body: change.body }, landed, itemIndex);
	directory.remember(Object.assign({}, user, { status: change.to }));
	return statusOutput(user, change.to, false);
}
