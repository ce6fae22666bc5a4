'use strict';
/**
 * A throw-away Postgres cluster for n8n in queue mode: created with initdb in
 * a temporary directory, listening on 127.0.0.1 on a free port (no Unix
 * socket outside that directory), trust authentication, durability switched
 * off (it lives for one test file).
 *
 *   const pg = await startPostgres();
 *   pg.env              // DB_TYPE=postgresdb, DB_POSTGRESDB_* for every n8n process
 *   await pg.query('select count(*) from execution_entity')   // rows of strings
 *   const lock = await pg.lockTable('processed_data', 'exclusive');   // held in a session of its own
 *   await lock.release();
 *   await pg.stop();    // fast shutdown, directory removed
 *
 * Postgres refuses to run as root. When we are root, the cluster belongs to
 * an unprivileged user (`nobody` unless PUSHER_PG_USER names another) and
 * initdb and the server run as that user; its files live in a directory
 * that user owns.
 */
const { execFile, execFileSync, spawn } = require('node:child_process');
const { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const { spawnGroup, freePort, waitUntil } = require('./processes.cjs');

const run = promisify(execFile);

/** The newest installed server's bin directory (Debian: /usr/lib/postgresql/<major>/bin), or PG_BIN. */
function postgresBin() {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(path.join(root, d, 'bin/postgres'))) : [];
	if (majors.length === 0) throw new Error('Postgres is not installed: no /usr/lib/postgresql/<version>/bin/postgres (apt-get install postgresql, or set PG_BIN)');
	majors.sort((a, b) => Number(b) - Number(a));
	return path.join(root, majors[0], 'bin');
}

/** { uid, gid } to run the server as, or {} when we are not root. */
function serverUser() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
	const name = process.env.PUSHER_PG_USER || 'nobody';
	const id = (flag) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

/**
 * options: port (default free), user (role, default n8n), database (default n8n),
 * logFile, onOutput.
 */
async function startPostgres({ port, user = 'n8n', database = 'n8n', logFile, onOutput } = {}) {
	const bin = postgresBin();
	const owner = serverUser();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'n8n-postgres-'));
	const dataDir = path.join(dir, 'data');
	if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid);
	port ??= await freePort();
	// Postgres' own environment only: nothing of ours (PG* variables) leaks in.
	const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', HOME: dir };

	let proc;
	const stop = async () => {
		if (proc?.running()) {
			// SIGINT to the postmaster is a fast shutdown: it ends the sessions and exits.
			try {
				process.kill(proc.pid, 'SIGINT');
			} catch {
				// already gone
			}
			await Promise.race([proc.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
		}
		await proc?.stop(5000);
		rmSync(dir, { recursive: true, force: true });
	};

	try {
		await run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
			env,
			cwd: dir,
			...owner,
		});
		proc = spawnGroup(
			path.join(bin, 'postgres'),
			[
				'-D', dataDir,
				'-p', String(port),
				'-h', '127.0.0.1',
				'-k', dir, // its Unix socket stays in our directory
				'-c', 'fsync=off',
				'-c', 'synchronous_commit=off',
				'-c', 'full_page_writes=off',
				'-c', 'max_connections=200',
			],
			{ env, cwd: dir, logFile, onOutput, ...owner },
		);
		const psql = (args) => run(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-X', '-v', 'ON_ERROR_STOP=1', ...args], { env });
		await waitUntil(async () => (await psql(['-d', 'postgres', '-Atc', 'select 1']).catch(() => undefined))?.stdout.trim() === '1', {
			timeoutMs: 30_000,
			intervalMs: 200,
			alive: proc.running,
			what: `Postgres on 127.0.0.1:${port}`,
		});
		await psql(['-d', 'postgres', '-c', `create database "${database}"`]);

		return {
			host: '127.0.0.1',
			port,
			user,
			database,
			pid: proc.pid,
			output: proc.output,
			/** n8n's settings for this database (trust authentication: the password is not checked). */
			env: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(port),
				DB_POSTGRESDB_DATABASE: database,
				DB_POSTGRESDB_USER: user,
				DB_POSTGRESDB_PASSWORD: 'unused',
			},
			/** Runs one SQL statement; resolves with its rows, each an array of column texts. */
			async query(sql) {
				const { stdout } = await psql(['-d', database, '-At', '-F', '\t', '-c', sql]);
				return stdout.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
			},
			/**
			 * Takes a lock on `table` in a transaction of its own and holds it until
			 * `release()`. `mode` is Postgres' lock mode: 'access exclusive' (the
			 * default) holds back everyone's reads and writes of the table, 'exclusive'
			 * only writes (see `waitingOn`).
			 */
			async lockTable(table, mode = 'access exclusive') {
				if (!/^[a-z ]+$/.test(mode)) throw new Error(`not a lock mode: ${mode}`);
				const session = spawn(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-X', '-At', '-v', 'ON_ERROR_STOP=1'], {
					env,
					stdio: ['pipe', 'pipe', 'pipe'],
				});
				let output = '';
				session.stdout.on('data', (chunk) => (output += chunk));
				session.stderr.on('data', (chunk) => (output += chunk));
				const ended = new Promise((resolve) => session.once('exit', resolve));
				session.stdin.write(`begin; lock table "${table}" in ${mode} mode; select 'locked';\n`);
				await waitUntil(() => output.includes('locked'), { timeoutMs: 10_000, intervalMs: 20, alive: () => session.exitCode === null, what: `a lock on ${table}` });
				return {
					async release() {
						session.stdin.end('commit;\n');
						await ended;
					},
				};
			},
			/** How many sessions are waiting for a lock while running a statement that names `table`. */
			async waitingOn(table) {
				const sql = `select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%${table}%' and pid <> pg_backend_pid()`;
				const [[count]] = await this.query(sql);
				return Number(count);
			},
			stop,
		};
	} catch (error) {
		const output = proc?.output() ?? '';
		await stop();
		error.message += output ? `\n--- postgres output ---\n${output.slice(-4096)}` : '';
		throw error;
	}
}

module.exports = { startPostgres, postgresBin };
