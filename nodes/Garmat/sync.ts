/**
 * Garmat for Create or Update and Sync: the roster is Create user's fields; a person is compared
 * on name, email, role and status (a person in the roster is active unless the row says otherwise,
 * so a re-hire is reactivated); the update is Update user's read-modify-write PUT; the removal is
 * Deactivate (Garmat documents no delete). Garmat has no groups.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { z } from 'zod';

import { sameEmailValue } from '../shared/sync/plan';
import type { SyncVendor } from '../shared/sync/vendor';
import type { ApiSession } from '../shared/transport';
import type { inputSchema } from './actions/user/create.operation';
import { toBody } from './actions/user/create.operation';
import { changeUser } from './actions/user/common';
import { garmatDirectory } from './directory';
import type { GarmatUser } from './transport';

type Input = z.output<typeof inputSchema>;

export function garmatSync(ctx: IExecuteFunctions, session: ApiSession): SyncVendor<GarmatUser, Input> {
	const directory = garmatDirectory(session);
	const change = async (user: GarmatUser, changes: Record<string, unknown>, itemIndex: number) => {
		const updated = await changeUser(session, user, changes as GarmatUser, itemIndex);
		if (!updated) throw new NodeOperationError(ctx.getNode(), `The Garmat user ${String(user.email)} is gone (item ${itemIndex})`, { itemIndex, description: 'Garmat answered 404: run the flow again to re-create them.' });
		return updated;
	};
	return {
		name: 'Garmat',
		node: ctx.getNode(),
		directory,
		emailOf: (input) => input.email,
		wanted: (input) => ({ name: input.name, email: input.email, role: input.role, status: input.status ?? 'active' }),
		fields: [
			{ field: 'name', current: (user) => user.name },
			{ field: 'email', current: (user) => user.email, equal: sameEmailValue },
			{ field: 'role', current: (user) => user.role },
			{ field: 'status', current: (user) => user.status ?? 'active' },
		],
		create: async (input, itemIndex) => await session.request<GarmatUser>({ method: 'POST', path: '/api/users', body: toBody(input), idempotent: false }, itemIndex),
		update: async (user, _input, changes, itemIndex) =>
			await change(user, Object.fromEntries(Object.entries(changes).map(([field, { to }]) => [field, to])), itemIndex),
		remove: {
			deactivate: async (user, itemIndex) => {
				directory.remember(await change(user, { status: 'deactivated' }, itemIndex));
			},
		},
		roleOf: (user) => user.role,
		isDeactivated: (user) => user.status === 'deactivated',
	};
}
