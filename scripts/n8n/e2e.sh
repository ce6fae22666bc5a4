#!/usr/bin/env bash
# The end-to-end suite (jest.e2e.config.js) once per n8n line, one after the
# other: n8n 2.41.1 on Node 24, then n8n 1.123.81 on Node 22 (each installed
# into the cache by the suite's global setup the first time, a few minutes).
#   bash scripts/n8n/e2e.sh [jest arguments]            both lines
#   N8N_VERSIONS=1.123.81 bash scripts/n8n/e2e.sh ...   only that one
# (test/editor/ runs on 2.x only: jest.e2e.config.js.)
# Run through scripts/setup.sh (npm run test:e2e does). Both lines run even
# when the first fails; the exit status is that of the first that failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
status=0
for version in ${N8N_VERSIONS:-2.41.1 1.123.81}; do
  printf '\n[e2e] n8n %s\n' "$version" >&2
  started=$(date +%s)
  N8N_VERSION="$version" npx jest -c jest.e2e.config.js "$@"
  code=$?
  printf '[e2e] n8n %s: %s in %s s\n' "$version" "$([ $code = 0 ] && echo passed || echo "FAILED ($code)")" "$(( $(date +%s) - started ))" >&2
  [ $status = 0 ] && status=$code
done
exit $status
