/**
 * The little n8n-core needs from its DI container before it can execute a
 * workflow in-process.
 *
 * n8n-core resolves its services (`Logger`, `InstanceSettings`, `Cipher`,
 * `ErrorReporter`, `ExecutionContextService`, the `*Config` classes…) lazily
 * from the `@n8n/di` Container, building them from environment variables.
 * They all work as they are except for the two that touch the disk:
 * - `InstanceSettings` reads or creates `<n8n folder>/config` (with a random
 *   encryption key) and defaults to `~/.n8n`; here it gets a temporary
 *   folder (removed in an `afterAll` this module registers) and a fixed key;
 * - the `Logger` prints at `info`; here it is silent unless `N8N_LOG_LEVEL` is
 *   set (e.g. `N8N_LOG_LEVEL=debug npx jest …` to see the engine's log).
 */
import { GlobalConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let folder: string | undefined;

function removeFolder() {
	if (folder) rmSync(folder, { recursive: true, force: true });
}

/** Idempotent; call before using n8n-core. Returns the temporary n8n folder. */
export function ensureN8nRuntime(): string {
	if (folder) return folder;
	const created = mkdtempSync(path.join(tmpdir(), 'n8n-testbed-'));
	folder = created;

	// n8nFolder and userHome are readonly in the type only: they are set from env at construction
	const settings = Container.get(InstanceSettingsConfig) as { -readonly [K in keyof InstanceSettingsConfig]: InstanceSettingsConfig[K] };
	settings.n8nFolder = created;
	settings.userHome = path.dirname(created);
	settings.encryptionKey = 'n8n-nodes-pusher-channels-testbed';
	settings.enforceSettingsFilePermissions = false;

	if (!process.env.N8N_LOG_LEVEL) Container.get(GlobalConfig).logging.level = 'silent';
	return created;
}

// jest gives each test file its own module registry, so its own Container and
// folder. (Outside jest: removed at exit.)
if (typeof afterAll === 'function') afterAll(removeFolder);
else process.once('exit', removeFolder);
