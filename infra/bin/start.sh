#!/usr/bin/env bash
# The README's first command: install what is missing, then bring up the whole platform with demo data.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$(dirname "$0")/../.."
bash infra/bin/bootstrap.sh
printf '\033[1m▶ building the web app\033[0m\n'
pnpm --filter @yanxiu/web build >/dev/null
exec pnpm exec tsx infra/src/start.ts
