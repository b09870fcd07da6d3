#!/usr/bin/env bash
# npm run test:queue: prepare with network (Redis and PostgreSQL from Debian, Node 24, n8n, the
# packed package in the main's and each worker's user folder), then run the queue-mode suite in
# a loopback-only network namespace. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/run-ts.js test/queue/prepare.ts
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
	echo "[queue] running in a loopback-only network namespace"
	exec unshare -n bash -c 'ip link set lo up && exec npx jest -c jest.queue.config.js "$@"' queue "$@"
fi
exec npx jest -c jest.queue.config.js "$@"
