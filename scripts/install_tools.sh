#!/usr/bin/env bash
# System tools the tests drive: Debian's chromium (the browser tests, through the
# playwright package; never `playwright install`) and tmux (the real-terminal test of
# `socialdb tui`). Installs whichever is missing, when we may.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "missing ${missing[*]}; cannot install without root:" >&2
    echo "  apt-get install ${missing[*]}" >&2
    exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
