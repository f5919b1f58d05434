#!/bin/sh
# Refreshes the vendored Mozilla Readability (Readability.js and its licence)
# from the npm registry, at the version pinned here. The build never fetches
# anything: the files it copies are committed. Needs npm and tar.
#
#   sh data/article/vendor/update-readability.sh
#
# Readability.js is kept exactly as published (no edits): Vigil loads it into
# its own script world of the reader's web view (see src/ui/vigil-reader.c).
set -eu

VERSION=0.6.0
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/readability"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "@mozilla/readability@$VERSION" >/dev/null)
tar -xzf "$tmp"/mozilla-readability-"$VERSION".tgz -C "$tmp"
mkdir -p "$dest"
cp "$tmp/package/Readability.js" "$dest/Readability.js"
cp "$tmp/package/LICENSE.md" "$dest/LICENSE.md"
echo "$VERSION" >"$dest/VERSION"
echo "Readability.js $VERSION copied to $dest"
