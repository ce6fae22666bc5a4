/**
 * The one alphabet of names across the package: Pusher's channel names (so
 * channel prefixes and signed-in user IDs too) and Beams' interest names
 * allow only A-Z a-z 0-9 _ - = @ , . ; — and how a value is quoted in a message.
 */
export const NAME_CHARACTERS = /^[A-Za-z0-9_\-=@,.;]+$/;

/** Quotes a value for a message, shortened so a huge value cannot flood a log. */
export function show(value: string): string {
	return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
