/**
 * n8n's `ICredentialsHelper` over an in-memory store, doing what the n8n
 * server's `CredentialsHelper` (packages/cli/src/credentials-helper.ts) does
 * around the database:
 * - `getDecrypted`: the stored data (a JSON round trip, as storage would do),
 *   with the credential type's defaults added (`NodeHelpers.getNodeParameters`)
 *   and `={{ … }}` expressions in it resolved against the running node;
 * - `authenticate`: a function-form `authenticate` of the credential type is
 *   called with (credentials, requestOptions) and its result used; the generic
 *   object form (`{ type: 'generic', properties: { headers|qs|body|auth: … } }`)
 *   is applied with its `{{$credentials.x}}` expressions resolved.
 * That is what `this.helpers.httpRequestWithAuthentication` relies on.
 * Not done: real encryption (n8n-core's Cipher needs the server's key
 * provider), OAuth token refresh and `preAuthentication`, external secrets.
 */
import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UserError, isExpression } from 'n8n-workflow';

import type { CredentialTypeRegistry } from './nodeTypes';

export class TestCredentialsHelper extends ICredentialsHelper {
	/** credential id or credential type name -> stored data */
	private readonly store = new Map<string, ICredentialDataDecryptedObject>();

	constructor(private readonly credentialTypes: CredentialTypeRegistry) {
		super();
	}

	/** Stores data under a credential id (what `node.credentials[type].id` points at) or under a type name. */
	set(idOrType: string, data: ICredentialDataDecryptedObject) {
		this.store.set(idOrType, JSON.parse(JSON.stringify(data)) as ICredentialDataDecryptedObject);
	}

	private stored(nodeCredentials: INodeCredentialsDetails, type: string): ICredentialDataDecryptedObject {
		const data = (nodeCredentials.id && this.store.get(nodeCredentials.id)) || this.store.get(type);
		if (!data) {
			throw new UserError(`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`);
		}
		return JSON.parse(JSON.stringify(data)) as ICredentialDataDecryptedObject;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.stored(nodeCredentials, type);
		if (raw === true) return stored;

		let data = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } = expressionResolveValues;
			data = workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				getAdditionalKeys(additionalData, mode, runExecutionData, { isCredential: true }),
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions;
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new UserError('Generic credential authentication needs the workflow and node');
			const resolve = (value: string) =>
				isExpression(value)
					? String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '')
					: value;
			const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
			for (const [where, entries] of Object.entries(authenticate.properties)) {
				const bag = (target[where] ??= {});
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					bag[resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialTypes.getByName(type);
		const own = credentialType.properties;
		if (!credentialType.extends) return own;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, own);
		return combined;
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const { restrictToSupportedNodes } = this.credentialTypes.getByName(credentialType) as { restrictToSupportedNodes?: boolean };
		return !restrictToSupportedNodes || this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new UserError(`getCredentials(${type}, ${nodeCredentials.id}) needs stored encrypted credentials, which the test bed does not keep`);
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		if (nodeCredentials.id) this.set(nodeCredentials.id, data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const current = this.stored(nodeCredentials, type);
		this.set(nodeCredentials.id ?? type, { ...current, oauthTokenData: data.oauthTokenData });
	}
}
