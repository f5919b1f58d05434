#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program next to python3-dbusmock's notification daemon on the
# session bus (call it inside dbus-run-session). Debian's /usr/bin/python3 is
# used on purpose: a python3 earlier on PATH may lack Debian's packages.
set -u
/usr/bin/python3 -m dbusmock --template notification_daemon >/dev/null 2>&1 &
mock=$!
i=0
until gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
        -m org.freedesktop.DBus.NameHasOwner org.freedesktop.Notifications 2>/dev/null | grep -q true; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then
    echo "Bail out! the mock notification daemon did not start (is python3-dbusmock installed?)"
    kill $mock 2>/dev/null
    exit 1
  fi
  sleep 0.1
done
"$@"
rc=$?
kill $mock 2>/dev/null
exit $rc
