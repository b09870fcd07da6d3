import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, isExpression } from 'n8n-workflow';

import type { LoadedPackage } from './package';

interface StoredCredential {
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * Applies credentials the way n8n's server does (packages/cli credentials-helper):
 * - generic `authenticate`: each `{{$credentials...}}` expression resolved and written into
 *   headers, qs, body or auth of the request; a function `authenticate` called as is;
 * - `preAuthentication` for a credential with a hidden `expirable` field: run when the field is
 *   empty or n8n-core reports the token expired (a 401), and the result persisted, so the next
 *   read of the credential (the next request, item or execution) reuses the token.
 * The store plays the part of n8n's credentials table.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly store = new Map<string, StoredCredential>();

	constructor(private readonly pkg: LoadedPackage) {
		super();
	}

	/** Saves a credential under an id, as the credentials screen would. */
	set(id: string, type: string, data: ICredentialDataDecryptedObject): void {
		this.store.set(id, { type, data: { ...data } });
	}

	/** What is stored now, e.g. to see that a token was persisted. */
	stored(id: string): ICredentialDataDecryptedObject | undefined {
		const entry = this.store.get(id);
		return entry ? { ...entry.data } : undefined;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions;
		const type = this.pkg.credentialType(typeName);
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		if (type.authenticate?.type !== 'generic') return requestOptions;
		if (!workflow || !node) throw new Error('Generic authentication needs the workflow and node');
		const resolve = (value: string): string => {
			if (!isExpression(value)) return value;
			const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
			return resolved ? String(resolved) : '';
		};
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, entries] of Object.entries(type.authenticate.properties)) {
			target[outerKey] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[outerKey][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.pkg.credentialType(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		const entry = details?.id ? this.store.get(details.id) : undefined;
		if (entry) entry.data = { ...entry.data, ...(output as ICredentialDataDecryptedObject) };
		return Object.assign(credentials, output as ICredentialDataDecryptedObject);
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type, '');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const entry = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
		if (!entry || entry.type !== type) throw new Error(`No credential ${nodeCredentials.id} of type ${type}`);
		// A fresh copy per read, as decrypting a database row gives.
		return { ...entry.data };
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		const entry = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
		if (entry) entry.data = { ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.pkg.credentialType(type).properties;
	}
}
