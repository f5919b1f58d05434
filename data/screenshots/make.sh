#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Remakes the screenshots the metainfo links: the window alone (no desktop
# around it) at 1000x700, default settings, the bundled demo sources only,
# light and dark. Needs a build (meson) and Xvfb, dbus-run-session, xwininfo,
# gapplication and ImageMagick's import.
# Usage: data/screenshots/make.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/_build}" && pwd)
export VIGIL_SHOT_BUILD="$build"

# What runs inside the X session: the app, then an action, then the shot of
# the largest window it shows.
session='
set -eu
"$VIGIL_SHOT_BUILD/src/vigil" &
app=$!
sleep 10
if [ -n "$VIGIL_SHOT_TITLE" ]; then
  # The article of that title, opened as a notification would open it.
  id=$(python3 -c "
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute(\"SELECT id FROM articles WHERE title = ?\", (sys.argv[2],)).fetchone()[0])
" "$XDG_DATA_HOME/vigil/vigil.db" "$VIGIL_SHOT_TITLE")
  gapplication action io.github.vigildesk.Vigil open-article "int64 $id"
  sleep 4
fi
if [ -n "$VIGIL_SHOT_ACTION" ]; then
  gapplication action io.github.vigildesk.Vigil $VIGIL_SHOT_ACTION "$VIGIL_SHOT_PARAMETER"
  sleep 4
fi
wid=$(xwininfo -root -tree | python3 -c "
import re, sys
best = (0, None)
for line in sys.stdin:
    m = re.match(r\"\\s*(0x[0-9a-f]+) \\\"([^\\\"]*)\\\".*?\\s(\\d+)x(\\d+)\\+\", line)
    if m and m.group(2) == sys.argv[1] and int(m.group(3)) * int(m.group(4)) > best[0]:
        best = (int(m.group(3)) * int(m.group(4)), m.group(1))
print(best[1])" "$VIGIL_SHOT_WINDOW")
import -window "$wid" "$VIGIL_SHOT_OUT"
kill $app
'

# shoot NAME VIEW SCHEME [TITLE [ACTION PARAMETER WINDOW]]: VIEW is the sidebar
# view to open on (0 all articles, -5 today); TITLE an article to open once the
# demo is read; ACTION an app action to run then; WINDOW the title of the
# window to take (the main window's, Vigil, by default).
shoot() {
  tmp=$(mktemp -d)
  mkdir -p "$tmp/config/glib-2.0/settings"
  printf '[io/github/vigildesk/Vigil]\ndefault-sources=false\nnotifications=false\nwindow-width=1000\nwindow-height=700\nselected-view=int64 %s\n' "$2" \
    > "$tmp/config/glib-2.0/settings/keyfile"
  env -u WAYLAND_DISPLAY XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
    XDG_CACHE_HOME="$tmp/cache" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
    ADW_DEBUG_COLOR_SCHEME="$3" GTK_A11Y=none NO_AT_BRIDGE=1 VIGIL_SHOT_OUT="$here/$1.png" \
    VIGIL_SHOT_TITLE="${4:-}" VIGIL_SHOT_ACTION="${5:-}" VIGIL_SHOT_PARAMETER="${6:-}" \
    VIGIL_SHOT_WINDOW="${7:-Vigil}" \
    xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- sh -c "$session"
  rm -rf "$tmp"
  echo "$here/$1.png"
}

embassy="US embassy in Baghdad draws down diplomats after rocket attacks"
shoot main 0 prefer-light "$embassy"
shoot main-dark 0 prefer-dark "$embassy"
shoot today -5 prefer-light
shoot rule-editor 0 prefer-light "" show-rule "'Indirect fire'" "Edit Rule"
