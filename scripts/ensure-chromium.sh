#!/usr/bin/env bash
# Makes sure Debian's Chromium is available for the Playwright suite (browsers are never downloaded
# here). Installs it with apt when we can (root, or passwordless sudo); otherwise says how.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

echo "[test] Chromium not found at $CHROMIUM; installing Debian's chromium package …"
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  cat >&2 <<'MSG'
[test] Chromium is required for the end-to-end tests and could not be installed automatically.
       Install it with:   sudo apt-get update && sudo apt-get install -y chromium
       or point CHROMIUM_PATH at an existing Chromium/Chrome binary.
MSG
  exit 1
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "[test] apt finished but $CHROMIUM is still missing; set CHROMIUM_PATH." >&2
  exit 1
fi
echo "[test] Installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)."
