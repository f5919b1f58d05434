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

# The server is started afresh (up to three times) until a client can open
# its display: once "cannot open display" came to the first client although
# Xvfb had said its number and logged nothing. -noreset keeps the server from
# resetting when its last client leaves (the probe below, or the accessibility
# bus launcher), which refuses clients that come at that moment.
start_server() {
  rm -f "$dir/ready"
  mkfifo "$dir/ready" || exit 3
  # shellcheck disable=SC2086 # the server's arguments are words
  Xvfb $server_args -noreset -nolisten tcp -ac -displayfd 3 3>"$dir/ready" 2>>"$dir/log" &
  pid=$!
  display=
  read -r display <"$dir/ready" || true
  case "$display" in
    '' | *[!0-9]*)
      echo "Xvfb could not start." >&2
      exit 3
      ;;
  esac
}

# True once a client can open :$display (10 s at most). Without xdpyinfo
# (x11-utils) the server is taken at its word.
display_opens() {
  command -v xdpyinfo >/dev/null 2>&1 || return 0
  n=0
  while [ $n -lt 50 ]; do
    xdpyinfo -display ":$display" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
    n=$((n + 1))
  done
  return 1
}

try=1
while :; do
  start_server
  display_opens && break
  echo "xvfb-session.sh: display :$display does not open (try $try of 3)." >&2
  ls -la /tmp/.X11-unix >&2 2>/dev/null
  cat "$dir/log" >&2
  if [ $try -ge 3 ]; then
    exit 3
  fi
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=
  try=$((try + 1))
done

unset XAUTHORITY
DISPLAY=":$display" "$@"
