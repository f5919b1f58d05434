#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs each fuzz target with libFuzzer under ASan/UBSan for SECONDS (default
# 60), starting from its seed corpus (tests/fuzz/corpus/TARGET, copied: the
# repository is not changed by a run). A crash, leak or timeout leaves its
# input in tests/fuzz/regressions/TARGET/ — commit it with the fix: the
# ordinary suite then runs it for ever (meson test --suite fuzz).
# Usage: sh tests/fuzz/run.sh [SECONDS]   (needs clang; tests/install-deps.sh fuzz)
set -eu
seconds=${1:-60}
# A fixed seed (FUZZ_SEED to change it): CI explores the same inputs each run.
seed=${FUZZ_SEED:-1}
src=$(cd "$(dirname "$0")/../.." && pwd)
build="$src/_build-fuzz"
targets="feed jsonfeed html date opml highlight query rules"

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$src" -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link
fi
exes=""
for t in $targets; do exes="$exes tests/fuzz/fuzz-$t"; done
# shellcheck disable=SC2086
ninja -C "$build" $exes

status=0
printf '\n| target | seconds | executions | corpus | findings |\n|---|---|---|---|---|\n'
for t in $targets; do
  work=$(mktemp -d)
  cp -r "$src/tests/fuzz/corpus/$t/." "$work/"
  mkdir -p "$src/tests/fuzz/regressions/$t"
  log="$build/fuzz-$t.log"
  if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     G_SLICE=always-malloc "$build/tests/fuzz/fuzz-$t" -max_total_time="$seconds" -timeout=10 \
     -rss_limit_mb=2048 -print_final_stats=1 -seed="$seed" \
     -artifact_prefix="$src/tests/fuzz/regressions/$t/" "$work" > "$log" 2>&1; then
    found=0
  else
    found=1
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  units=$(ls "$work" | wc -l)
  printf '| %s | %s | %s | %s | %s |\n' "$t" "$seconds" "${runs:-?}" "$units" \
    "$( [ $found = 0 ] && echo none || echo "see $log and tests/fuzz/regressions/$t/" )"
  rm -rf "$work"
done
exit $status
