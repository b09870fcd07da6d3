import type { IDataObject } from 'n8n-workflow';

import type { ApiSession, VendorApi } from '../shared/transport';

/** Domo platform API: https://developer.domo.com/docs/users-api-reference/users-2 */
export const domoApi: VendorApi = {
	name: 'Domo',
	credentialType: 'domoApi',
	baseUrl: (credentials) => String(credentials.apiHost || 'https://api.domo.com'),
	secretFields: ['clientSecret', 'accessToken'],
	// The API answers { status, statusReason, message }; its OAuth layer { error, error_description }.
	readErrorMessage: (body) => {
		if (!body || typeof body !== 'object') return undefined;
		const { message, error_description: description, error, statusReason } = body as Record<string, unknown>;
		const found = [message, description, error, statusReason].find((value) => typeof value === 'string' && value.trim());
		return found as string | undefined;
	},
	hints: {
		401: 'Check the Client ID and Client Secret in the Domo credential.',
		403: 'The API client needs the "user" scope, and its owner the right to manage users in Domo.',
		429: 'Domo allows about 3,000 requests per minute per instance; lower the Concurrency option.',
	},
};

export interface DomoUser extends IDataObject {
	id: number;
	email: string;
}

/** Domo's largest page of GET /v1/users. */
export const DIRECTORY_PAGE_SIZE = 500;

const emailKey = (email: string) => email.trim().toLowerCase();

/**
 * Domo has no email filter: finding a user means paging through the whole directory. One
 * execution reads it once and answers every later item from that copy, which stays fresh:
 * users this execution created are added as they are created, and after a create whose answer
 * was lost the directory is read again (the copy predates that create).
 * Items with the same email run one after the other, so a batch that repeats an email sees the
 * first item's user instead of racing it.
 */
export class DomoDirectory {
	private loaded: Promise<Map<string, DomoUser>> | undefined;

	/** Users created in this execution, by email; newer than any copy of the directory. */
	private readonly created = new Map<string, DomoUser>();

	private readonly queues = new Map<string, Promise<void>>();

	constructor(private readonly session: ApiSession) {}

	/** The live user with this email (trimmed, case-insensitive), if there is one. */
	async find(email: string, itemIndex: number, options: { reload: boolean }): Promise<DomoUser | undefined> {
		if (options.reload || !this.loaded) {
			const reading = this.readAll(itemIndex);
			this.loaded = reading;
			// A failed read is not kept: the next item reads again.
			reading.catch(() => {
				if (this.loaded === reading) this.loaded = undefined;
			});
		}
		const key = emailKey(email);
		return this.created.get(key) ?? (await this.loaded).get(key);
	}

	remember(user: DomoUser): void {
		if (typeof user?.email === 'string') this.created.set(emailKey(user.email), user);
	}

	/** Runs the task after every earlier task for the same email has settled. */
	async oneAtATime<T>(email: string, task: () => Promise<T>): Promise<T> {
		const key = emailKey(email);
		const previous = this.queues.get(key) ?? Promise.resolve();
		const result = previous.then(task);
		const settled = result.then(
			() => undefined,
			() => undefined,
		);
		this.queues.set(key, settled);
		void settled.then(() => {
			if (this.queues.get(key) === settled) this.queues.delete(key);
		});
		return await result;
	}

	private async readAll(itemIndex: number): Promise<Map<string, DomoUser>> {
		const users = new Map<string, DomoUser>();
		const seenIds = new Set<unknown>();
		for (let offset = 0; ; offset += DIRECTORY_PAGE_SIZE) {
			const answer = await this.session.request<unknown>(
				{ method: 'GET', path: '/v1/users', qs: { limit: DIRECTORY_PAGE_SIZE, offset }, idempotent: true },
				itemIndex,
			);
			const page = Array.isArray(answer) ? (answer as DomoUser[]) : [];
			let fresh = 0;
			for (const user of page) {
				if (!seenIds.has(user?.id)) fresh += 1;
				seenIds.add(user?.id);
				// Deleted users keep a record with `deleted: true`; they are not live users.
				if (typeof user?.email === 'string' && user.deleted !== true) users.set(emailKey(user.email), user);
			}
			// A short page is the last one; a page of users already seen means the offset is ignored.
			if (page.length < DIRECTORY_PAGE_SIZE || fresh === 0) return users;
		}
	}
}
