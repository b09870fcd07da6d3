#!/usr/bin/env bash
# npm run test:e2e: prepare with network (Chromium, Node 24, n8n, the packed package), then run
# the end-to-end suite in a loopback-only network namespace, so nothing it starts can reach
# beyond this machine. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/run-ts.js test/e2e/prepare.ts
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
	echo "[e2e] running in a loopback-only network namespace"
	exec unshare -n env E2E_PREPARED=1 bash -c 'ip link set lo up && exec npx jest -c jest.e2e.config.js "$@"' e2e "$@"
fi
echo "[e2e] unshare not available: running with the machine's network (n8n is still kept off the internet by its settings)"
E2E_PREPARED=1 exec npx jest -c jest.e2e.config.js "$@"
