#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Vigil needs, as root or through sudo.
#   install-deps.sh run    build and run the app
#   install-deps.sh test   also everything the test suites use (Xvfb, D-Bus mock,
#                          validators, ImageMagick for screenshots, PHP for the
#                          FreshRSS server of the sync suite)
#   install-deps.sh bench  also what the benchmarks compare with: python3-feedparser,
#                          and the npm package compromise in ~/.cache/vigil-bench
#   install-deps.sh fuzz   also clang and its libFuzzer runtime (tests/fuzz/run.sh)
set -eu
mode=${1:-run}

build="build-essential meson ninja-build pkg-config gettext
libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libwebkitgtk-6.0-dev
libsoup-3.0-dev libjson-glib-dev libxml2-dev libsqlite3-dev libportal-gtk4-dev libsecret-1-dev
desktop-file-utils appstream"
run="dbus-x11"
test="xvfb x11-utils xauth xdotool dbus python3-dbusmock gnome-keyring python3-pyatspi imagemagick librsvg2-common libxml2-utils python3-numpy python3-sklearn
php8.2-cli php8.2-curl php8.2-gmp php8.2-intl php8.2-mbstring php8.2-sqlite3 php8.2-xml php8.2-zip"
bench="python3-feedparser"
fuzz="clang libclang-rt-14-dev"
# Node.js from Debian only when the machine has no npm of its own.
command -v npm >/dev/null 2>&1 || bench="$bench nodejs npm"

case "$mode" in
  run) pkgs="$build $run" ;;
  test) pkgs="$build $run $test" ;;
  bench) pkgs="$build $run $test $bench" ;;
  fuzz) pkgs="$build $run $test $fuzz" ;;
  *) echo "usage: $0 run|test|bench|fuzz" >&2; exit 2 ;;
esac

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "install-deps.sh: run as root or install sudo" >&2
  exit 1
fi

# Skip apt entirely when everything is already there (fast reruns, no root needed).
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

if [ "$mode" = bench ] && [ ! -d "$HOME/.cache/vigil-bench/node_modules/compromise" ]; then
  mkdir -p "$HOME/.cache/vigil-bench"
  npm install --prefix "$HOME/.cache/vigil-bench" --no-audit --no-fund compromise@14 >/dev/null
fi
