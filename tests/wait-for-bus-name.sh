# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the run-with-*.sh wrappers. wait_for_bus_name NAME WHAT: waits
# up to 10 s for NAME to have an owner on the session bus; else prints
# "Bail out! WHAT" (TAP) and returns 1.
wait_for_bus_name () {
  i=0
  until gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
          -m org.freedesktop.DBus.NameHasOwner "$1" 2>/dev/null | grep -q true; do
    i=$((i + 1))
    if [ $i -gt 100 ]; then
      echo "Bail out! $2"
      return 1
    fi
    sleep 0.1
  done
}
