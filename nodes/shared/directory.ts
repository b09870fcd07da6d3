import type { IDataObject } from 'n8n-workflow';

const emailKey = (email: string) => email.trim().toLowerCase();

/**
 * A vendor's user directory as one execution sees it, for vendors without an email search:
 * finding a user means reading every page, so the directory is read once and every later item
 * is answered from that copy, which stays fresh:
 * - users this execution created are added as they are created;
 * - after a create whose answer was lost, the directory is read again (the copy predates it).
 * Items with the same email run one after the other, so a batch that repeats an email sees the
 * first item's user instead of racing it to a second create.
 */
export class ExecutionDirectory<User extends IDataObject> {
	private loaded: Promise<Map<string, User>> | undefined;

	/** Users created in this execution, by email; newer than any copy of the directory. */
	private readonly created = new Map<string, User>();

	private readonly queues = new Map<string, Promise<void>>();

	/** @param readAll reads every live user of the directory (deleted ones left out). */
	constructor(private readonly readAll: (itemIndex: number) => Promise<User[]>) {}

	/** The live user with this email (trimmed, case-insensitive), if there is one. */
	async find(email: string, itemIndex: number, options: { reload: boolean }): Promise<User | undefined> {
		if (options.reload || !this.loaded) {
			const reading = this.read(itemIndex);
			this.loaded = reading;
			// A failed read is not kept: the next item reads again.
			reading.catch(() => {
				if (this.loaded === reading) this.loaded = undefined;
			});
		}
		const key = emailKey(email);
		return this.created.get(key) ?? (await this.loaded).get(key);
	}

	remember(user: User): void {
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

	private async read(itemIndex: number): Promise<Map<string, User>> {
		const users = new Map<string, User>();
		for (const user of await this.readAll(itemIndex)) {
			if (typeof user?.email === 'string') users.set(emailKey(user.email), user);
		}
		return users;
	}
}
