import { BEAMS_LIMITS } from './limits';
import { NAME_CHARACTERS, show } from '../../common/names';
import { BeamsInputError } from './inputError';

/**
 * The targets of a publish, checked as Beams checks them: interest names of
 * at most 164 characters of A-Z a-z 0-9 _ - = @ , . ; and 1 to 100 of them;
 * user IDs of 1 to 164 characters. Repeated names are sent once.
 */
export function checkInterest(name: string): void {
	if (!NAME_CHARACTERS.test(name)) {
		throw new BeamsInputError('interests', `interest ${show(name)} has characters Beams does not allow (only A-Z a-z 0-9 _ - = @ , . ;)`);
	}
	if (name.length > BEAMS_LIMITS.interestLength) {
		throw new BeamsInputError('interests', `interest ${show(name)} is ${name.length} characters long; the limit is ${BEAMS_LIMITS.interestLength}`);
	}
}

/**
 * 1 to 100 distinct, valid interests. More than 100 are refused rather than
 * split: a device subscribed to interests in two publishes would get the
 * notification twice.
 */
export function checkInterests(interests: string[]): string[] {
	const unique = [...new Set(interests)];
	if (unique.length === 0) {
		throw new BeamsInputError('interests', 'no interest was given', 'Give at least one interest name, e.g. "donuts"');
	}
	unique.forEach(checkInterest);
	if (unique.length > BEAMS_LIMITS.interestsPerPublish) {
		throw new BeamsInputError(
			'interests',
			`${unique.length} interests were given; one publish takes at most ${BEAMS_LIMITS.interestsPerPublish}`,
			'The node does not split interests into several publishes, because a device subscribed to interests in two of them would get the notification twice. Publish to fewer, broader interests, or publish to users.',
		);
	}
	return unique;
}

export function checkUserId(userId: string, input: 'users' | 'userId' = 'userId'): void {
	if (userId === '') throw new BeamsInputError(input, 'the user ID is empty', "Give the ID your app passed to the Beams client's setUserId");
	if (userId.length > BEAMS_LIMITS.userIdLength) {
		throw new BeamsInputError(input, `user ID ${show(userId)} is ${userId.length} characters long; the limit is ${BEAMS_LIMITS.userIdLength}`);
	}
}

/** At least one distinct, valid user ID (any number: publishes are split by 1,000). */
export function checkUsers(users: string[]): string[] {
	const unique = [...new Set(users)];
	if (unique.length === 0) {
		throw new BeamsInputError('users', 'no user ID was given', 'Give the IDs your app passed to the Beams client\'s setUserId, e.g. "user-001"');
	}
	for (const user of unique) checkUserId(user, 'users');
	return unique;
}

/** An http(s) URL, for the webhook and the notification's links. */
export function isWebUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}
