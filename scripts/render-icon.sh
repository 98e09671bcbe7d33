#!/usr/bin/env bash
# Renders media/icon.svg (the extension icon, drawn for this project) to media/icon.png, 128x128,
# the size the Marketplace and the Extensions view use, with Debian's headless Chromium.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cp "$ROOT/media/icon.svg" "$TMP/icon.svg"
printf '<html><body style="margin:0"><img src="icon.svg" width="128" height="128"></body></html>' >"$TMP/page.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=128,128 --screenshot="$ROOT/media/icon.png" "file://$TMP/page.html" >/dev/null 2>&1
echo "media/icon.png: $(wc -c <"$ROOT/media/icon.png") bytes"
