#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program next to python3-dbusmock's notification daemon on the
# session bus (call it inside dbus-run-session). Debian's /usr/bin/python3 is
# used on purpose: a python3 earlier on PATH may lack Debian's packages.
set -u
. "$(dirname "$0")/wait-for-bus-name.sh"
/usr/bin/python3 -m dbusmock --template notification_daemon >/dev/null 2>&1 &
mock=$!
if ! wait_for_bus_name org.freedesktop.Notifications \
  "the mock notification daemon did not start (is python3-dbusmock installed?)"; then
  kill $mock 2>/dev/null
  exit 1
fi
"$@"
rc=$?
kill $mock 2>/dev/null
exit $rc
