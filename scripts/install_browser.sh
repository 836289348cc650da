#!/usr/bin/env bash
# The browser test drives Debian's chromium through the playwright package
# (never `playwright install`). Install it when it is missing and we may.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "Debian's chromium is missing and cannot be installed without root:" >&2
    echo "  apt-get install chromium" >&2
    exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
