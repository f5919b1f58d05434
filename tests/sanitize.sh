#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer
# (issue 7): any memory error, leak (outside the UI test) or undefined
# behaviour fails its test. Run from the source tree: sh tests/sanitize.sh
set -eu
cd "$(dirname "$0")/.."
dir=_build-asan
if [ -d "$dir" ]; then
  meson setup "$dir" --reconfigure -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
else
  meson setup "$dir" -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson test -C "$dir" --print-errorlogs
