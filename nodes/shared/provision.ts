import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { UserDirectory } from './directory';
import { sendOnce } from './directory';

export type IfUserExists = 'error' | 'returnExisting';

/** Stamped on every output item, so a workflow can branch on what happened. */
export const PROVISIONING_STATUS_FIELD = 'provisioningStatus';
export type ProvisioningStatus = 'created' | 'existing';

export interface ProvisionSteps<User extends IDataObject> {
	node: INode;
	vendorName: string;
	directory: UserDirectory<User>;
	email: string;
	ifUserExists: IfUserExists;
	itemIndex: number;
	/** Sends the create request once. */
	create(): Promise<User>;
	/**
	 * A lookup by the vendor's other natural key (OpsRamp's login name), run only when the email
	 * found nobody; it may throw when that key belongs to someone else.
	 */
	findByOtherKey?(): Promise<User | undefined>;
	/** Creates repeated after a lost answer, each only after a lookup found nobody. */
	maxUncertainRetries?: number;
}

export interface ProvisionResult<User extends IDataObject> {
	user: User;
	status: ProvisioningStatus;
}

/** A refusal of the request itself (400, 409, 422...): not auth, not a missing route, not "slow down". */
function isRefusal(error: unknown): boolean {
	const status = Number(error instanceof NodeApiError ? error.httpCode : NaN);
	return status >= 400 && status < 500 && ![401, 403, 404, 408, 429].includes(status);
}

/**
 * Creates a user without ever creating one twice, on the shared directory:
 * - items for the same email (any letter case) run one after the other, at any Concurrency;
 * - *Return Existing* looks the email up first (the directory's identity key, never the vendor's
 *   letter case) and returns the live user it finds;
 * - *Error* sends the create without a lookup, but an email this execution already created or
 *   found fails at once: a batch that lists one person twice never reaches the vendor twice;
 * - a create whose answer was lost (timeout, reset, 5xx) is looked up again before it is resent;
 * - a create the vendor refuses (e.g. "already exists": another execution won the race, or the
 *   vendor knows an email the lookup could not see) is looked up again: with Return Existing a
 *   user found then is returned, not a failed item.
 */
export async function provisionUser<User extends IDataObject>(steps: ProvisionSteps<User>): Promise<ProvisionResult<User>> {
	const { directory, email, itemIndex } = steps;
	const returnExisting = steps.ifUserExists === 'returnExisting';
	return await directory.forEmail(email, async () => {
		if (returnExisting) {
			const existing = (await directory.findByEmail(email, itemIndex)) ?? (await steps.findByOtherKey?.());
			if (existing) return { user: existing, status: 'existing' as const };
		} else if (directory.knows(email)) {
			throw new NodeOperationError(steps.node, `A ${steps.vendorName} user with the email "${email.trim()}" already exists (item ${itemIndex})`, {
				itemIndex,
				description: `An earlier item of this execution created or found this person; no second account was requested. Set Options > If User Exists to Return Existing to get the existing user instead.`,
			});
		}
		// Errors from the create are node errors built by the transport; they leave unchanged.
		let failure: unknown;
		try {
			const user = await sendOnce(steps.create, async () => await directory.findByEmail(email, itemIndex, { fresh: true }), steps.maxUncertainRetries ?? 2);
			return { user: directory.remember(user, email), status: 'created' as const };
		} catch (error) {
			failure = error;
		}
		if (returnExisting && isRefusal(failure)) {
			const existing = await directory.findByEmail(email, itemIndex, { fresh: true });
			if (existing) return { user: existing, status: 'existing' as const };
		}
		throw failure;
	});
}

/**
 * The output item's JSON: the vendor's user with `provisioningStatus`, as a new object (the user
 * may be shared, e.g. by a directory cache). Object.assign keeps V8's compact object layout,
 * whereas a spread followed by one more property gave objects about twice the size of the user
 * they copy: for 10,000 users that was 3 to 5 MB kept for the rest of the execution.
 */
export function withProvisioningStatus(user: IDataObject, status: ProvisioningStatus): IDataObject {
	return Object.assign({}, user, { [PROVISIONING_STATUS_FIELD]: status });
}
