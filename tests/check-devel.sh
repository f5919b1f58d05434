#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The development profile (the .Devel application id of the Devel Flatpak):
# it configures, the app builds, and its desktop file, metainfo and schema
# pass their validators under the Devel id. Run from anywhere.
set -eu
cd "$(dirname "$0")/.."
dir=_build-devel
id=io.github.vigildesk.Vigil.Devel
if [ -d "$dir" ]; then
  meson setup "$dir" --reconfigure -Dprofile=development >/dev/null
else
  meson setup "$dir" -Dprofile=development >/dev/null
fi
ninja -C "$dir" src/vigil "data/$id.desktop" "data/$id.metainfo.xml" data/gschemas.compiled >/dev/null
grep -q "<id>$id</id>" "$dir/data/$id.metainfo.xml"
grep -q "^Icon=$id\$" "$dir/data/$id.desktop"
grep -q "schema id=\"$id\"" "$dir/data/$id.gschema.xml"
meson test -C "$dir" --no-rebuild --suite data --print-errorlogs
