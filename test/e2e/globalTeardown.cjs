/** Removes the directory globalSetup.cjs packed the tarball into (not a tarball it was given). */
const { rmSync } = require('node:fs');

module.exports = async function globalTeardown() {
	if (process.env.PUSHER_E2E_PACK_DIR) rmSync(process.env.PUSHER_E2E_PACK_DIR, { recursive: true, force: true });
};
