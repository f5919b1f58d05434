#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command on an X server of its own: Xvfb picks a free display itself
# (-displayfd) and says its number once it accepts connections, so two runs
# never race for one display, and a display whose server is still closing is
# never taken ("cannot open display", as xvfb-run -a -n N could give).
#
# Usage: xvfb-session.sh [-s 'SERVER ARGS'] [--] COMMAND [ARGS...]
# The server listens on its local socket only and lets any local client in
# (-ac): it is a test server, gone when COMMAND ends. Exits with COMMAND's
# status, or 3 when Xvfb could not start (its messages are printed).
set -u
server_args='-screen 0 1280x800x24'
if [ "${1-}" = -s ]; then
  server_args=$2
  shift 2
fi
[ "${1-}" = -- ] && shift
if [ $# -eq 0 ]; then
  echo "usage: $0 [-s 'SERVER ARGS'] [--] COMMAND [ARGS...]" >&2
  exit 2
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/xvfb-session.XXXXXX") || exit 3
pid=
clean_up() {
  status=$?
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    # A server that does not end on TERM within 5 s is killed.
    n=0
    while kill -0 "$pid" 2>/dev/null && [ $n -lt 50 ]; do
      sleep 0.1
      n=$((n + 1))
    done
    kill -9 "$pid" 2>/dev/null
  fi
  # A failing command: what the X server said, in case it was the server.
  if [ $status -ne 0 ] && [ $status -ne 77 ] && [ -s "$dir/log" ]; then
    echo "Xvfb said:" >&2
    cat "$dir/log" >&2
  fi
  rm -rf "$dir"
}
trap clean_up EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

mkfifo "$dir/ready" || exit 3
# shellcheck disable=SC2086 # the server's arguments are words
Xvfb $server_args -nolisten tcp -ac -displayfd 3 3>"$dir/ready" 2>"$dir/log" &
pid=$!
display=
read -r display <"$dir/ready" || true
case "$display" in
  '' | *[!0-9]*)
    echo "Xvfb could not start." >&2
    exit 3
    ;;
esac

unset XAUTHORITY
DISPLAY=":$display" "$@"
