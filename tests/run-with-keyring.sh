#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program next to a private gnome-keyring-daemon (call it inside
# dbus-run-session): a new login keyring, unlocked with a throwaway password, in
# a temporary XDG_DATA_HOME, so that the desk's own keyring is never touched.
# Sets VIGIL_TEST_KEYRING for the program.
set -u
. "$(dirname "$0")/wait-for-bus-name.sh"
if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "1..0 # SKIP gnome-keyring-daemon is not installed (tests/install-deps.sh test)"
  exit 0
fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run" XDG_CONFIG_HOME="$home/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
printf 'vigil-test-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
wait_for_bus_name org.freedesktop.secrets \
  "gnome-keyring-daemon did not start its Secret service" || exit 1
VIGIL_TEST_KEYRING=1 "$@"
rc=$?
exit $rc
