/**
 * A problem with one input of a Beams request, found before anything is
 * sent: which input (the node names the field it came from), what is wrong,
 * and how to fix it when that is not obvious.
 */
export type BeamsInput = 'interests' | 'users' | 'userId' | 'content' | 'payload' | 'webhookUrl';

export class BeamsInputError extends Error {
	constructor(
		readonly input: BeamsInput,
		message: string,
		readonly fix?: string,
	) {
		super(message);
	}
}
