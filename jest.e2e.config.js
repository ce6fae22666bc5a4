/**
 * End-to-end tests (npm run test:e2e): this package, packed and installed into
 * a real n8n server the way the Community Nodes installer does, against a
 * real Soketi. One run tests one n8n: N8N_VERSION (default 2.41.1);
 * scripts/n8n/e2e.sh, which npm run test:e2e runs, runs it for 2.41.1 and
 * then 1.123.81. Files are *.e2e.ts anywhere under test/ (the shared stack is
 * test/e2e/harness.ts), so the unit-test config (jest.config.js, *.test.ts)
 * never picks them up.
 *
 * The global setup installs that n8n into the cache when it is missing (2-5
 * minutes, once) and packs the package once for all files. Each file starts
 * its own n8n (20-45 s), so files run one at a time with generous timeouts.
 *
 * test/editor/ drives n8n 2.41's editor in Chromium by the data-test-ids of
 * that editor; n8n 1.x's editor is another page, so on 1.x it is not run
 * (docs/compatibility.md says so). Queue mode (test/queue/) and the proxy
 * (test/proxy/) are proven on 2.41 only (docs/queue-mode.md, docs/proxy.md).
 */
const line = require('./scripts/n8n/line.cjs');

module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.e2e.ts'],
	testPathIgnorePatterns: ['/node_modules/', ...(line.major >= 2 ? [] : ['<rootDir>/test/editor/', '<rootDir>/test/queue/', '<rootDir>/test/proxy/'])],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	globalSetup: '<rootDir>/test/e2e/globalSetup.cjs',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.cjs',
	maxWorkers: 1,
	testTimeout: 180_000,
	slowTestThreshold: 120,
};
