#!/usr/bin/env bash
# The README's second command (and .ci/run): install what is missing, then lint, typecheck, unit,
# integration and end-to-end tests on real Postgres, Redis and Chromium. Non-zero on any failure.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$(dirname "$0")/../.."
bash infra/bin/bootstrap.sh --with-chromium
exec pnpm exec tsx infra/src/test-run.ts "$@"
