#!/usr/bin/env bash
# Installs what a fresh machine of this kind lacks: pnpm, the workspace's packages, Debian's redis-server,
# the fonts for certificates (fonts-droid-fallback, fonts-dejavu-core), poppler-utils (pdffonts, for tests) and (with --with-chromium) Debian's chromium for Playwright. Installs nothing that is already there.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$(dirname "$0")/../.."

PNPM_VERSION=10.34.9
with_chromium=0
[ "${1:-}" = "--with-chromium" ] && with_chromium=1

say() { printf '\033[1m▶ %s\033[0m\n' "$*"; }

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" --no-fund --no-audit >/dev/null
fi

apt_missing=()
command -v redis-server >/dev/null 2>&1 || apt_missing+=(redis-server)
# The fonts embedded (subset) in certificate PDFs (packages/services/src/certificates/pdf.ts): Chinese, and Latin/digits.
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || apt_missing+=(fonts-droid-fallback)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || apt_missing+=(fonts-dejavu-core)
# pdffonts, with which the report and certificate tests check that the fonts are embedded as subsets.
[ -x /usr/bin/pdffonts ] || apt_missing+=(poppler-utils)
[ "$with_chromium" = 1 ] && ! [ -x /usr/bin/chromium ] && apt_missing+=(chromium)
if [ ${#apt_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${apt_missing[*]}. Install them (sudo apt-get install -y ${apt_missing[*]}) and run again." >&2
    exit 1
  fi
  say "installing Debian packages: ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

say "installing workspace packages"
if [ -n "${CI:-}" ]; then
  pnpm install --frozen-lockfile --reporter=append-only | tail -3
else
  pnpm install --prefer-offline --reporter=append-only | tail -3
fi
