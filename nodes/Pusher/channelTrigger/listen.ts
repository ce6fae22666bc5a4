import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { nameListValue } from '../../common/nameList';
import { resolveConnection, type PusherCredentialFields } from '../transport/connection';
import type { LogLevel, PusherConnectionError } from './clientOptions';
import { hintForCode } from './errorHints';
import { isSelected } from './eventFilter';
import { outputEventName, shapeChannelEvent } from './eventItem';
import type { ChannelMessage } from './messages';
import { parseChannelTriggerSettings, SettingsError, type ChannelTriggerParameters, type ChannelTriggerSettings } from './settings';
import { PusherSocketClient } from './socketClient';
import { buildSignin, buildSubscriptions } from './subscriptions';
import { builtInWebSocket } from './webSocket';
import { websocketUrl } from './websocketUrl';

/**
 * The trigger's run, wired to n8n: reads the parameters and credential,
 * starts the Pusher client, and turns what it receives into executions.
 * - Active workflow: activation waits for the first connection, so a wrong
 *   key, host or secret fails the activation with its reason; afterwards each
 *   selected event starts one execution (`emit`), a refused reconnection
 *   deactivates the workflow (`emitError`, n8n retries the activation later)
 *   and an event that cannot be decrypted is saved as a failed execution.
 *   A channel the server refuses while others are subscribed is saved as a
 *   failed execution too, and the others keep listening; only when no channel
 *   can be subscribed does the activation fail (or, later, the workflow get
 *   deactivated). See docs/nodes/pusher-channel-trigger.md.
 * - "Listen for test event": `manualTriggerFunction` connects and resolves
 *   with the first selected event; errors (a refused channel included) reject it.
 * `closeFunction` closes the socket and cancels every timer.
 */
export async function startChannelTrigger(ctx: ITriggerFunctions): Promise<ITriggerResponse> {
	const node = ctx.getNode();
	const WebSocketClass = builtInWebSocket();
	if (!WebSocketClass) {
		// n8n 1.x shows only the message of an activation error: it must say it all.
		throw new NodeOperationError(node, 'The Pusher Channel Trigger needs Node.js 22 or newer: this n8n runs on an older Node.js without a built-in WebSocket client', {
			description:
				'Run n8n on Node.js 22 or newer (n8n 2.x always does), or receive events with the Pusher Trigger (webhooks) instead.',
		});
	}

	const { url, settings, key, secret, encryptionMasterKey } = await readConfiguration(ctx);
	const session = new TriggerSession(ctx, settings, encryptionMasterKey);
	const client = new PusherSocketClient({
		url,
		subscriptions: buildSubscriptions(settings.channels, { key, secret, encryptionMasterKey, presenceMember: settings.presenceMember }),
		...(settings.signinUser ? { signin: buildSignin(settings.signinUser, { key, secret }) } : {}),
		WebSocket: WebSocketClass,
		sleep,
		onMessage: (message) => session.receive(message),
		onFatalError: (error) => session.fatal(connectionError(ctx, error)),
		onSubscriptionError: (_channel, error) => session.channelRefused(connectionError(ctx, error)),
		onLog: (level, message) => log(ctx, level, message),
	});

	const connect = async () => {
		try {
			await client.start();
		} catch (error) {
			await client.stop();
			throw connectionError(ctx, error as PusherConnectionError);
		}
	};
	const manualTriggerFunction = async () => {
		await connect();
		try {
			await session.firstEvent();
		} finally {
			// A test run takes one event; and n8n does not close one that failed (a refused channel, an unreadable event).
			await client.stop();
		}
	};
	const closeFunction = async () => {
		await client.stop();
		session.closed();
	};

	if (ctx.getMode() !== 'manual') await connect();
	return { closeFunction, manualTriggerFunction };
}

async function readConfiguration(ctx: ITriggerFunctions) {
	const fields = (await ctx.getCredentials('pusherApi')) as PusherCredentialFields;
	try {
		const connection = resolveConnection(fields);
		const { key, secret, encryptionMasterKey } = connection;
		const settings = parseChannelTriggerSettings(
			{
				channels: nameListValue(ctx.getNode(), 'channels', ctx.getNodeParameter('channels', '')),
				events: ctx.getNodeParameter('events', 'all'),
				eventNames: nameListValue(ctx.getNode(), 'eventNames', ctx.getNodeParameter('eventNames', '')),
				pusherEvents: ctx.getNodeParameter('pusherEvents', []),
				options: ctx.getNodeParameter('options', {}) as ChannelTriggerParameters['options'],
			},
			encryptionMasterKey,
		);
		return { url: websocketUrl(connection), settings, key, secret, encryptionMasterKey };
	} catch (error) {
		const fix = error instanceof SettingsError ? { description: error.fix } : {};
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, fix);
	}
}

/** Delivers selected events: every one while active, only the first while listening for a test event. */
class TriggerSession {
	private readonly manual: boolean;
	private outcome: { error?: Error } | undefined;
	private settleWaiter: ((outcome: { error?: Error }) => void) | undefined;

	constructor(
		private readonly ctx: ITriggerFunctions,
		private readonly settings: ChannelTriggerSettings,
		private readonly encryptionMasterKey: string | undefined,
	) {
		this.manual = ctx.getMode() === 'manual';
	}

	receive(message: ChannelMessage): void {
		if (this.manual && this.outcome) return;
		if (!isSelected(outputEventName(message.event), this.settings.selection)) return;
		let json: Record<string, unknown>;
		try {
			json = shapeChannelEvent(message, { receivedAt: new Date(), encryptionMasterKey: this.encryptionMasterKey });
		} catch (error) {
			this.eventFailed(new NodeOperationError(this.ctx.getNode(), (error as Error).message));
			return;
		}
		// n8n swaps `emit` after trigger() returns when listening for a test event: look it up each time.
		this.ctx.emit([[{ json: json as IDataObject }]]);
		if (this.manual) this.settle({});
	}

	/** The connection is refused for good (after a successful start). */
	fatal(error: NodeOperationError): void {
		if (this.manual) this.settle({ error });
		else this.ctx.emitError(error);
	}

	/** One channel refused while others listen: reported like an event that failed, the workflow stays active. */
	channelRefused(error: NodeOperationError): void {
		this.eventFailed(error);
	}

	closed(): void {
		this.settle({});
	}

	firstEvent(): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			const apply = ({ error }: { error?: Error }) => (error ? reject(error) : resolve());
			if (this.outcome) apply(this.outcome);
			else this.settleWaiter = apply;
		});
	}

	private eventFailed(error: NodeOperationError): void {
		if (this.manual) {
			this.settle({ error });
			return;
		}
		log(this.ctx, 'warn', error.message);
		if (typeof this.ctx.saveFailedExecution === 'function') this.ctx.saveFailedExecution(error);
	}

	private settle(outcome: { error?: Error }): void {
		if (this.outcome) return;
		this.outcome = outcome;
		this.settleWaiter?.(outcome);
		this.settleWaiter = undefined;
	}
}

function connectionError(ctx: ITriggerFunctions, error: PusherConnectionError): NodeOperationError {
	const description = hintForCode(error.code);
	return new NodeOperationError(ctx.getNode(), error.message, description ? { description } : {});
}

function log(ctx: ITriggerFunctions, level: LogLevel, message: string): void {
	ctx.logger[level](`Pusher Channel Trigger: ${message}`, { node: ctx.getNode().name, workflowId: ctx.getWorkflow().id });
}
