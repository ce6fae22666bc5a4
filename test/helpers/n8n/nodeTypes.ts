/**
 * Node and credential types for the in-process engine: the `INodeTypes` and
 * `ICredentialTypes` n8n's `Workflow` and credentials helper look types up in.
 *
 *   const types = new NodeTypeRegistry()
 *     .addNode('test.thing', new Thing())         // a node instance under a type name
 *     .addCredential(new ThingApi());
 *   await types.addPackage(repoRoot);             // n8n.nodes / n8n.credentials of its package.json
 *
 * `addPackage` loads a community package exactly as n8n does, with n8n-core's
 * `PackageDirectoryLoader`: it reads the `n8n` section of the package.json,
 * requires each listed file, validates the node descriptions, and the types
 * are then named `<package name>.<node name>` (`n8n-nodes-pusher-channels.pusher`),
 * as in users' workflows. Built files are needed (`npm run build` for this
 * repository's dist/); a package whose `n8n` section lists `.ts` files loads
 * under jest too, since jest compiles what it requires.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import type {
	ICredentialType,
	ICredentialTypes,
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

import { ensureN8nRuntime } from './runtime';

/** The credential types, looked up by the credentials helper. */
export class CredentialTypeRegistry implements ICredentialTypes {
	private readonly types = new Map<string, ICredentialType>();
	/** credential type name -> node type names that declare it */
	private readonly users = new Map<string, string[]>();

	add(credential: ICredentialType) {
		this.types.set(credential.name, credential);
	}

	noteUsage(credentialType: string, nodeType: string) {
		const users = this.users.get(credentialType) ?? [];
		if (!users.includes(nodeType)) users.push(nodeType);
		this.users.set(credentialType, users);
	}

	names(): string[] {
		return [...this.types.keys()];
	}

	recognizes(credentialType: string): boolean {
		return this.types.has(credentialType);
	}

	getByName(credentialType: string): ICredentialType {
		const credential = this.types.get(credentialType);
		if (!credential) {
			throw new UnexpectedError(`Unknown credential type "${credentialType}"; registered: ${this.names().join(', ') || 'none'}`);
		}
		return credential;
	}

	getSupportedNodes(type: string): string[] {
		return this.users.get(type) ?? [];
	}

	getParentTypes(typeName: string): string[] {
		const parents = this.types.get(typeName)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}
}

export class NodeTypeRegistry implements INodeTypes {
	private readonly nodes = new Map<string, INodeType | IVersionedNodeType>();
	readonly credentialTypes = new CredentialTypeRegistry();

	/** Loads every node and credential a package's package.json lists under `n8n`. */
	async addPackage(directory: string): Promise<this> {
		ensureN8nRuntime();
		const loader = new PackageDirectoryLoader(directory);
		await loader.loadAll();
		if (loader.loadedNodes.length === 0 && Object.keys(loader.credentialTypes).length === 0) {
			throw new UnexpectedError(`No nodes or credentials found in ${directory} (is the n8n section of package.json filled, and built?)`);
		}
		for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
			this.addNode(`${loader.packageName}.${name}`, type);
		}
		for (const { type } of Object.values(loader.credentialTypes)) this.addCredential(type);
		return this;
	}

	/** Registers a node instance under a full type name (`<package>.<name>`). */
	addNode(typeName: string, node: INodeType | IVersionedNodeType): this {
		this.nodes.set(typeName, node);
		const versions = 'nodeVersions' in node ? Object.values(node.nodeVersions) : [node];
		for (const version of versions) {
			for (const { name } of version.description.credentials ?? []) {
				this.credentialTypes.noteUsage(name, typeName);
			}
		}
		return this;
	}

	addCredential(credential: ICredentialType): this {
		this.credentialTypes.add(credential);
		return this;
	}

	/** Type names of the registered nodes. */
	nodeTypeNames(): string[] {
		return [...this.nodes.keys()];
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const node = this.nodes.get(nodeType);
		if (!node) {
			throw new UnexpectedError(`Unknown node type "${nodeType}"; registered: ${this.nodeTypeNames().join(', ') || 'none'}`);
		}
		return node;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(this.nodeTypeNames().map((name) => [name, { className: name, sourcePath: '' }]));
	}
}
