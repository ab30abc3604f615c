#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the browser tests (test/e2e):
# nothing to do when it is there; otherwise `apt-get install -y chromium`, as
# root or through sudo. Run by `npm test` (pretest) and by .ci/run.
# CHROMIUM_PATH names another chromium binary to use instead.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

fail() {
  echo "ensure-chromium: $*" >&2
  echo "ensure-chromium: the browser tests need chromium at $chromium. Install it with" >&2
  echo "ensure-chromium:   sudo apt-get install -y chromium" >&2
  echo "ensure-chromium: (Debian/Ubuntu), or set CHROMIUM_PATH to a chromium binary." >&2
  exit 1
}

if [ -n "${CHROMIUM_PATH:-}" ]; then
  fail "CHROMIUM_PATH is set to $chromium, which is not an executable file."
fi
command -v apt-get >/dev/null 2>&1 || fail "chromium is missing and apt-get is not available here."

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
  as_root="sudo"
else
  fail "chromium is missing, and installing it needs root (or sudo), which this user does not have."
fi

echo "ensure-chromium: installing Debian's chromium (apt-get install -y chromium)…" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $as_root apt-get install -y chromium; then
  # A fresh machine or container may have no package lists yet.
  $as_root apt-get update || fail "apt-get update failed."
  $as_root apt-get install -y chromium || fail "apt-get install -y chromium failed."
fi
[ -x "$chromium" ] || fail "chromium was installed, but $chromium is still missing."
echo "ensure-chromium: $("$chromium" --version 2>/dev/null || echo "chromium installed at $chromium")" >&2
