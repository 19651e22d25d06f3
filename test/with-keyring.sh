#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a freshly unlocked gnome-keyring, so keychain
# tests hit a real Secret Service and never touch the developer's own keyring.
# Usage: test/with-keyring.sh <command> [args...]
set -euo pipefail
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null; then
    echo "with-keyring: $tool not found. Install it: apt-get install gnome-keyring dbus-daemon libsecret-tools" >&2
    exit 1
  fi
done
data_home=$(mktemp -d)
trap 'rm -rf "$data_home"' EXIT
export XDG_DATA_HOME="$data_home"
export WT_TEST_KEYRING=1
# The private bus's daemon logs to our stderr: its fd-limit warning and each service it starts on
# demand (Chromium starts the accessibility bus) are noise; every other line passes, line by line.
dbus_chatter='^dbus-daemon\[[0-9]+\]: (\[session [^]]*\] )?([A-Za-z.]+: Failed to set fd limit|Activating service name=|Successfully activated service )'
# --unlock returns before the daemon owns its bus name: a keychain call in that gap makes D-Bus start a
# second daemon, which prints its environment into the test output. Wait for the name.
# shellcheck disable=SC2016
start_keyring='printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
  tries=$((tries + 1))
  [ "$tries" -le 200 ] || { echo "with-keyring: gnome-keyring did not reach the D-Bus session" >&2; exit 1; }
  sleep 0.05
done
exec "$@"'
exec dbus-run-session -- sh -c "$start_keyring" sh "$@" 2> >(grep --line-buffered -v -E "$dbus_chatter" >&2)
