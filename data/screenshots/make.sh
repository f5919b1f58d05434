#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Remakes the screenshots the metainfo links: the window alone (no desktop
# around it) at 1200x800, default settings, the bundled demo sources only,
# light and dark, and in Arabic (right to left). Needs a build (meson) and
# Xvfb, dbus-run-session, xwininfo, gapplication and ImageMagick's import;
# pngquant and optipng (Debian packages), when installed, make the files
# about half as big (256 colours, which text on flat colours keeps). The Arabic
# shot needs the app's catalogue where the build looks for it (LOCALEDIR):
# installed, or else bound there from the build for that shot alone, in a
# mount namespace of its own (unshare, as root); and an Arabic locale, for
# the dates (one is made with localedef from Debian's locales when none is).
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
    if m and m.group(2) and (not sys.argv[1] or m.group(2) == sys.argv[1]) \\
            and int(m.group(3)) * int(m.group(4)) > best[0]:
        best = (int(m.group(3)) * int(m.group(4)), m.group(1))
print(best[1])" "$VIGIL_SHOT_WINDOW")
if [ "$wid" = None ]; then
  echo "no window named \"$VIGIL_SHOT_WINDOW\"" >&2
  kill $app
  exit 1
fi
import -window "$wid" "$VIGIL_SHOT_OUT"
kill $app
'

# shoot NAME VIEW SCHEME [TITLE [ACTION PARAMETER WINDOW]]: VIEW is the sidebar
# view to open on (0 all articles, -5 today); TITLE an article to open once the
# demo is read; ACTION an app action to run then; WINDOW the title of the
# window to take (by default the largest: the main window, whatever its
# title's language). $language is the
# language to shoot in, $runner what runs the X session (see below).
shoot() {
  tmp=$(mktemp -d)
  mkdir -p "$tmp/config/glib-2.0/settings"
  printf '[io/github/vigildesk/Vigil]\ndefault-sources=false\nnotifications=false\nwindow-width=%s\nwindow-height=%s\nselected-view=int64 %s\n' "$width" "$height" "$2" \
    > "$tmp/config/glib-2.0/settings/keyfile"
  $runner env -u WAYLAND_DISPLAY XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
    XDG_CACHE_HOME="$tmp/cache" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
    ADW_DEBUG_COLOR_SCHEME="$3" GTK_A11Y=none NO_AT_BRIDGE=1 VIGIL_SHOT_OUT="$here/$1.png" \
    VIGIL_SHOT_TITLE="${4:-}" VIGIL_SHOT_ACTION="${5:-}" VIGIL_SHOT_PARAMETER="${6:-}" \
    VIGIL_SHOT_WINDOW="${7:-}" LANG="$lang" LANGUAGE="$language" LOCPATH="$locpath" \
    xvfb-run -a -s '-screen 0 1600x1000x24' dbus-run-session -- sh -c "$session"
  rm -rf "$tmp"
  if command -v pngquant >/dev/null 2>&1; then
    pngquant --quality=85-98 --speed 1 --strip --force --ext .png "$here/$1.png"
  fi
  if command -v optipng >/dev/null 2>&1; then
    optipng -quiet -o2 -strip all "$here/$1.png"
  fi
  echo "$here/$1.png"
}

# The X session as it is, or with the catalogues the build made bound where
# the app looks for them (LOCALEDIR), when they are not installed there.
plain() { "$@"; }
bound() {
  unshare --mount sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh \
    "$build/po" "$localedir" "$@"
}
localedir=$(sed -n 's/^#define LOCALEDIR "\(.*\)"$/\1/p' "$build/config.h")
runner=plain
language=en
lang=C.UTF-8
locpath=
width=1200
height=800

embassy="US embassy in Baghdad draws down diplomats after rocket attacks"
shoot main 0 prefer-light "$embassy"
shoot main-dark 0 prefer-dark "$embassy"
shoot today -5 prefer-light
shoot rule-editor 0 prefer-light "" show-rule "'Indirect fire'" "Edit Rule"
# In Arabic, dates and all, as an Arabic desktop has it: an Arabic locale,
# made here (localedef, Debian's locales data) when the system has none.
language=ar
[ -f "$localedir/ar/LC_MESSAGES/vigil.mo" ] || runner=bound
lang=$(locale -a | grep -i -m1 '^ar_.*utf-\?8$' || true)
if [ -z "$lang" ]; then
  locpath=$(mktemp -d)
  lang=ar_EG.UTF-8
  localedef -i ar_EG -f UTF-8 "$locpath/$lang"
fi
shoot main-ar 0 prefer-light "$embassy"
[ -z "$locpath" ] || rm -rf "$locpath"
