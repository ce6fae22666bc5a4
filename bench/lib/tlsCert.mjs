/**
 * A self-signed certificate for 127.0.0.1, made for one run with the openssl
 * CLI (RSA 2048, as most public APIs still serve). Being self-signed, the
 * certificate is its own CA: child processes trust it through
 * NODE_EXTRA_CA_CERTS=<certFile>, and nothing else on the machine does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeCertificate() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-tls-'));
	const keyFile = path.join(dir, 'key.pem');
	const certFile = path.join(dir, 'cert.pem');
	execFileSync(
		'openssl',
		['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
	return {
		key: readFileSync(keyFile),
		cert: readFileSync(certFile),
		certFile,
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}
