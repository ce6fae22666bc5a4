'use strict';
/**
 * The instance owner, set up headlessly from the environment
 * (N8N_INSTANCE_OWNER_MANAGED_BY_ENV: n8n 2.x applies it at every start,
 * overwriting the previous owner). n8n wants the password as a bcrypt hash;
 * bcryptjs already ships inside n8n's own node_modules.
 */
const path = require('node:path');
const { randomBytes } = require('node:crypto');

const { n8nDir } = require('./paths.cjs');

function bcryptHash(password) {
	const bcrypt = require(path.join(n8nDir, 'node_modules/bcryptjs'));
	return bcrypt.hashSync(password, 10);
}

/** A password n8n's password rules accept (8+ chars, a digit, an uppercase letter). */
function randomPassword() {
	return `Pusher-${randomBytes(9).toString('base64url')}-9`;
}

function defaultOwner(password = randomPassword()) {
	return { email: 'owner@example.com', password, firstName: 'Demo', lastName: 'Owner' };
}

/** The environment variables that make n8n create (or reset) this owner. */
function ownerEnv(owner) {
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(owner.password),
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
	};
}

module.exports = { bcryptHash, randomPassword, defaultOwner, ownerEnv };
