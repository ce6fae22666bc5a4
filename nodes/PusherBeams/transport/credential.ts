import { beamsBaseUrl } from '../protocol/endpoint';

/**
 * The `pusherBeamsApi` credential's fields, read the same way by the
 * credential's authenticate (and so its test) and by the node.
 */
export interface BeamsCredentialFields {
	instanceId?: string;
	/** The Primary Key (named as Pusher's SDKs name it, and so n8n's scanner sees it is a secret). */
	secretKey?: string;
	/** Empty for Pusher Beams; a test server or proxy otherwise. */
	endpoint?: string;
}

export interface BeamsCredential {
	instanceId: string;
	primaryKey: string;
	/** Where paths such as `/publish_api/…` are appended. */
	baseUrl: string;
}

export function resolveBeamsCredential(fields: BeamsCredentialFields): BeamsCredential {
	const instanceId = typeof fields.instanceId === 'string' ? fields.instanceId.trim() : '';
	const primaryKey = typeof fields.secretKey === 'string' ? fields.secretKey.trim() : '';
	const baseUrl = beamsBaseUrl(instanceId, fields.endpoint);
	if (primaryKey === '') throw new Error("The Beams credential's Primary Key is empty");
	return { instanceId, primaryKey, baseUrl };
}
