'use strict';
/**
 * Writes nodes/Pusher/channelTrigger/clientVersion.ts from package.json's
 * version, so the Channel Trigger tells Pusher the version that is really
 * running (`version=` in its WebSocket URL). Run by `npm run build` (and by
 * `npm version`, which commits the result); the nodes may not read
 * package.json at run time (n8n's rules forbid fs).
 */
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const file = path.join(root, 'nodes/Pusher/channelTrigger/clientVersion.ts');
const text = `/** This package's version, sent to Pusher as the client version. Written by scripts/clientVersion.cjs from package.json. */\nexport const CLIENT_VERSION = '${version}';\n`;
let current = '';
try {
	current = readFileSync(file, 'utf8');
} catch {
	// first run
}
if (current !== text) writeFileSync(file, text);
