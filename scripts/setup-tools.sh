#!/usr/bin/env bash
# Installs the system tools the test suite uses, only when missing (idempotent):
# Debian's awscli, the independent AWS client that proves the loopback endpoint speaks AWS.
set -euo pipefail
if [ ! -x /usr/bin/aws ]; then
  echo "setup-tools: installing Debian's awscli (apt)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq awscli >/dev/null
fi
echo "setup-tools: $(/usr/bin/aws --version 2>&1 | head -1)"
