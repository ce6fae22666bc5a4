/**
 * Snowplow Sauna commands for Pusher: a self-describing `trigger_event`
 * command, bare or inside Sauna's command envelope. Reading one gives either
 * the event to send, or why it must not be sent (invalid, or expired: past
 * `whenCreated + timeToLive`). Plain data in, plain data out.
 */
import { isObject } from '../../../common/json';

const TRIGGER_EVENT_SCHEMA = 'iglu:com.pusher.sauna.commands/trigger_event/jsonschema/1-0-0';
const COMMAND_SCHEMA = 'iglu:com.snowplowanalytics.sauna.commands/command/jsonschema/1-0-0';
const ENVELOPE_SCHEMA = 'iglu:com.snowplowanalytics.sauna.commands/envelope/jsonschema/1-0-0';

export interface SaunaTriggerEvent {
	channels: string[];
	event: string;
	data: Record<string, unknown>;
	socketId?: string;
}

export type SaunaCommand =
	| { status: 'ready'; commandId: string | null; command: SaunaTriggerEvent }
	| { status: 'invalid'; commandId: string | null; reason: string }
	| { status: 'expired'; commandId: string | null; reason: string };

export function readSaunaCommand(value: unknown, now: number = Date.now()): SaunaCommand {
	if (!isObject(value)) return invalid(null, 'A Sauna command must be a JSON object');
	if (value.schema === TRIGGER_EVENT_SCHEMA) return readTriggerEvent(null, value.data);
	if (value.schema !== COMMAND_SCHEMA) {
		return invalid(null, `Unknown schema ${JSON.stringify(value.schema)}: expected ${TRIGGER_EVENT_SCHEMA} or ${COMMAND_SCHEMA}`);
	}
	if (!isObject(value.data)) return invalid(null, 'The command envelope has no data');
	const { envelope, command } = value.data;
	if (!isObject(envelope) || envelope.schema !== ENVELOPE_SCHEMA || !isObject(envelope.data)) {
		return invalid(null, `The command has no envelope of schema ${ENVELOPE_SCHEMA}`);
	}
	const { commandId, whenCreated, execution } = envelope.data;
	const id = typeof commandId === 'string' && commandId !== '' ? commandId : null;
	if (id === null) return invalid(null, 'The envelope has no commandId');
	const created = typeof whenCreated === 'string' ? Date.parse(whenCreated) : NaN;
	if (Number.isNaN(created)) return invalid(id, 'The envelope\'s whenCreated is not a date-time');
	if (!isObject(execution)) return invalid(id, 'The envelope has no execution settings');
	const ttl = execution.timeToLive;
	if (ttl !== null && ttl !== undefined && !(Number.isInteger(ttl) && (ttl as number) >= 0)) {
		return invalid(id, 'The envelope\'s timeToLive must be a whole number of milliseconds or null');
	}
	if (!isObject(command) || command.schema !== TRIGGER_EVENT_SCHEMA) {
		return invalid(id, `The envelope's command is not ${TRIGGER_EVENT_SCHEMA}`);
	}
	if (typeof ttl === 'number' && now > created + ttl) {
		return { status: 'expired', commandId: id, reason: `Created ${whenCreated} with a time to live of ${ttl} ms` };
	}
	return readTriggerEvent(id, command.data);
}

function readTriggerEvent(commandId: string | null, data: unknown): SaunaCommand {
	if (!isObject(data)) return invalid(commandId, 'The trigger_event command has no data object');
	const unknown = Object.keys(data).filter((key) => !['channels', 'event', 'data', 'socketId'].includes(key));
	if (unknown.length) return invalid(commandId, `Unknown properties: ${unknown.join(', ')}`);
	const { channels, event, data: payload, socketId } = data;
	if (!Array.isArray(channels) || channels.length < 1 || channels.length > 10 || !channels.every((c) => typeof c === 'string')) {
		return invalid(commandId, 'channels must be a list of 1 to 10 channel names');
	}
	if (typeof event !== 'string' || event === '') return invalid(commandId, 'event must be a non-empty string');
	if (!isObject(payload)) return invalid(commandId, 'data must be a JSON object');
	if (socketId !== undefined && typeof socketId !== 'string') return invalid(commandId, 'socketId must be a string');
	return {
		status: 'ready',
		commandId,
		command: { channels: channels as string[], event, data: payload, ...(socketId !== undefined ? { socketId } : {}) },
	};
}

function invalid(commandId: string | null, reason: string): SaunaCommand {
	return { status: 'invalid', commandId, reason };
}
