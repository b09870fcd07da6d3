/**
 * Finding one Garmat user. Garmat documents no get-by-ID call and no email filter: the only way
 * to a user is the list (GET /api/users). One execution reads it once and answers every item from
 * that copy, kept fresh with the users this execution changed. Items about the same user run one
 * after the other, so an Update never writes a record another item of the batch just replaced.
 */
import type { UserSelector } from '../../../shared/lifecycle';
import type { ApiSession } from '../../../shared/transport';
import type { GarmatUser } from '../../transport';
import { readGarmatDirectory } from '../../transport';

const emailKey = (email: string) => email.trim().toLowerCase();

export class GarmatDirectory {
	private loaded: Promise<void> | undefined;

	private readonly byId = new Map<string, GarmatUser>();

	private readonly byEmail = new Map<string, string>();

	private readonly queues = new Map<string, Promise<unknown>>();

	constructor(private readonly session: ApiSession) {}

	/** The user the selector names, or undefined when the account has none. */
	async find(selector: UserSelector, itemIndex: number): Promise<GarmatUser | undefined> {
		await this.load(itemIndex);
		const id = selector.findBy === 'id' ? selector.userId : this.byEmail.get(emailKey(selector.email));
		return id === undefined ? undefined : this.byId.get(id);
	}

	/**
	 * Runs `task` with the selected user (undefined when there is none), after every earlier task
	 * for the same user has settled, and with the user as those tasks left it.
	 */
	async withUser<T>(selector: UserSelector, itemIndex: number, task: (user: GarmatUser | undefined) => Promise<T>): Promise<T> {
		const found = await this.find(selector, itemIndex);
		if (!found) return await task(undefined);
		const previous = this.queues.get(found.id) ?? Promise.resolve();
		const result = previous.then(async () => await task(this.byId.get(found.id)));
		const settled = result.catch(() => undefined);
		this.queues.set(found.id, settled);
		void settled.then(() => {
			if (this.queues.get(found.id) === settled) this.queues.delete(found.id);
		});
		return await result;
	}

	/** Keeps a user as Garmat answered after a change (its email may have changed). */
	remember(user: GarmatUser): void {
		if (typeof user?.id !== 'string') return;
		const previous = this.byId.get(user.id);
		if (previous && typeof previous.email === 'string') this.byEmail.delete(emailKey(previous.email));
		this.byId.set(user.id, user);
		if (typeof user.email === 'string') this.byEmail.set(emailKey(user.email), user.id);
	}

	private async load(itemIndex: number): Promise<void> {
		if (!this.loaded) {
			const reading = readGarmatDirectory(this.session, itemIndex).then((users) => users.forEach((user) => this.remember(user)));
			this.loaded = reading;
			// A failed read is not kept: the next item reads again.
			reading.catch(() => {
				if (this.loaded === reading) this.loaded = undefined;
			});
		}
		await this.loaded;
	}
}
