import { DomoSandbox } from '../sandbox/domo';
import { mappedParameters, runDomo } from './run';

/** The request body of seed 001's example, in its order. */
const SEED_EXAMPLE = {
	title: 'Software Engineer',
	email: 'leonhard.euler@domo.com',
	alternateEmail: 'leonhardeuler@email.com',
	role: 'Admin',
	phone: '888-361-1078',
	name: 'Leonhard Euler',
	location: 'American Fork',
	timezone: '',
	locale: '',
	employeeNumber: 23432,
};

describe('Domo: Create User sends what the document describes (workflow, real HTTP)', () => {
	let sandbox: DomoSandbox;
	beforeEach(async () => {
		sandbox = new DomoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('turns the seed example, typed into the fields, into exactly the documented request', async () => {
		const result = await runDomo(sandbox, {
			parameters: {
				resource: 'user',
				operation: 'create',
				name: 'Leonhard Euler',
				email: 'leonhard.euler@domo.com',
				role: 'Admin',
				additionalFields: {
					title: 'Software Engineer',
					alternateEmail: 'leonhardeuler@email.com',
					phone: '888-361-1078',
					location: 'American Fork',
					timezone: '',
					locale: '',
					employeeNumber: 23432,
				},
			},
			items: [{}],
		});
		expect(result.error).toBeUndefined();

		const [tokenRequest] = sandbox.tokenRequests();
		expect(tokenRequest.method).toBe('GET');
		expect(tokenRequest.query).toEqual({ grant_type: 'client_credentials', scope: 'user' });
		expect(tokenRequest.headers.authorization).toBe(`Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64')}`);

		const creates = sandbox.creates();
		expect(creates).toHaveLength(1);
		const [post] = creates;
		expect(post.path).toBe('/v1/users');
		// Send Invite is off by default and always sent.
		expect(post.query).toEqual({ sendInvite: 'false' });
		expect(post.headers.authorization).toBe(`bearer ${[...sandbox.tokens][0]}`);
		expect(post.headers['content-type']).toMatch(/^application\/json/);
		expect(post.rawBody).toBe(JSON.stringify(SEED_EXAMPLE));

		expect(result.items).toHaveLength(1);
		const [user] = sandbox.users;
		expect(result.items![0].json).toEqual({
			id: user.id,
			name: 'Leonhard Euler',
			email: 'leonhard.euler@domo.com',
			role: 'Admin',
			title: 'Software Engineer',
			alternateEmail: 'leonhardeuler@email.com',
			phone: '888-361-1078',
			location: 'American Fork',
			employeeNumber: 23432,
			groups: [{ id: 1324037627, name: 'Default' }],
			image: `https://instance.domo.com/avatar/thumb/domo/${user.id}`,
			createdAt: user.createdAt,
			updatedAt: user.updatedAt,
			provisioningStatus: 'created',
		});
		expect(result.items![0].pairedItem).toEqual({ item: 0 });
	});

	it('sends sendInvite=true when Send Invite is on, and Domo invites the user', async () => {
		const result = await runDomo(sandbox, {
			parameters: mappedParameters({ sendInvite: true }),
			items: [{ name: 'Ada Lovelace', email: 'ada@example.com', role: 'Privileged' }],
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.creates()[0].query).toEqual({ sendInvite: 'true' });
		expect(sandbox.invited).toEqual(['ada@example.com']);
	});

	it('sends every optional field under its documented name and shape, mapped from sheet text', async () => {
		const result = await runDomo(sandbox, {
			parameters: mappedParameters({
				sendInvite: '={{ $json.invite }}',
				additionalFields: {
					title: '={{ $json.title }}',
					alternateEmail: '={{ $json.alternate }}',
					phone: '={{ $json.phone }}',
					location: '={{ $json.office }}',
					timezone: '={{ $json.tz }}',
					locale: '={{ $json.locale }}',
					employeeNumber: '={{ $json.employee }}',
				},
			}),
			items: [
				{
					name: '  Grace Hopper ',
					email: ' grace@example.com ',
					role: 'Privileged',
					invite: 'true',
					title: 'Rear Admiral',
					alternate: 'grace@navy.example',
					phone: '+1 555 0100',
					office: 'Arlington, VA, USA',
					tz: 'America/New_York',
					locale: 'en-US',
					employee: '1906',
				},
			],
		});
		expect(result.error).toBeUndefined();
		const [post] = sandbox.creates();
		expect(post.query).toEqual({ sendInvite: 'true' });
		expect(post.body).toEqual({
			title: 'Rear Admiral',
			email: 'grace@example.com',
			alternateEmail: 'grace@navy.example',
			role: 'Privileged',
			phone: '+1 555 0100',
			name: 'Grace Hopper',
			location: 'Arlington, VA, USA',
			timezone: 'America/New_York',
			locale: 'en-US',
			employeeNumber: 1906,
		});
		// A number on the wire, not the sheet's text.
		expect(post.rawBody).toContain('"employeeNumber":1906');
		// Domo does not echo timezone and locale; the output is Domo's answer.
		expect(result.items![0].json).not.toHaveProperty('timezone');
		expect(result.items![0].json).toMatchObject({ email: 'grace@example.com', employeeNumber: 1906, provisioningStatus: 'created' });
	});

	it('leaves out optional fields that are not given, and blank text other than timezone and locale', async () => {
		const result = await runDomo(sandbox, {
			parameters: mappedParameters({
				additionalFields: { title: '={{ $json.title }}', alternateEmail: '={{ $json.alternate }}', employeeNumber: '={{ $json.employee }}' },
			}),
			items: [{ name: 'Alan Turing', email: 'alan@example.com', role: 'Participant', title: '', alternate: '', employee: '' }],
		});
		expect(result.error).toBeUndefined();
		const [post] = sandbox.creates();
		expect(post.query).toEqual({ sendInvite: 'false' });
		expect(post.body).toEqual({ email: 'alan@example.com', role: 'Participant', name: 'Alan Turing' });
	});
});
