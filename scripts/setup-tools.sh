#!/usr/bin/env bash
# Installs the system tools the test suite uses, only when missing (idempotent):
# Debian's awscli, the independent AWS client that proves the loopback endpoint speaks AWS.
# apt prints little for a long time: a line every 20 s says it is still running.
set -euo pipefail
say() { printf 'setup-tools: %s\n' "$*"; }
quietly() {
  local label="$1" start=$SECONDS rc=0 beat
  shift
  ( while sleep 20; do say "$label: still running ($((SECONDS - start)) s)"; done ) &
  beat=$!
  "$@" >/dev/null || rc=$?
  kill "$beat" 2>/dev/null || true
  wait "$beat" 2>/dev/null || true
  return "$rc"
}
if [ ! -x /usr/bin/aws ]; then
  say "installing Debian's awscli (apt)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  quietly "apt-get update" $SUDO apt-get update -qq
  quietly "apt-get install awscli" $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli
fi
say "$(/usr/bin/aws --version 2>&1 | head -1)"
