#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a freshly unlocked gnome-keyring, so keychain
# tests hit a real Secret Service and never touch the developer's own keyring.
# Usage: test/with-keyring.sh <command> [args...]
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null; then
    echo "with-keyring: $tool not found. Install it: apt-get install gnome-keyring dbus-daemon libsecret-tools" >&2
    exit 1
  fi
done
data_home=$(mktemp -d)
trap 'rm -rf "$data_home"' EXIT
export XDG_DATA_HOME="$data_home"
export WT_TEST_KEYRING=1
# shellcheck disable=SC2016
exec dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' sh "$@" 2> >(grep -v 'Failed to set fd limit' >&2)
