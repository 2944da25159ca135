#!/usr/bin/env bash
# One long libFuzzer run of one target (issue #9): nice 19 so that it only takes idle CPU,
# on a scratch copy of the seed corpus, until RUNS executions or SECONDS seconds, whichever
# comes first. Prints the figures bench/RESULTS.md records; the log, the grown corpus and
# any crash input stay under OUT (default /tmp/geoevent-fuzz-long/TARGET).
# Usage: tests/fuzz/long_run.sh TARGET [RUNS] [SECONDS] [BUILD_DIR] [OUT] [RESUME]
# RESUME: the corpus directory of an earlier run of the same target, to go on from where it
# stopped (a run cut short by the end of a session); RESULTS then counts both runs.
# The target must be built already (tests/fuzz/run.sh 0 TARGET, or cmake --build BUILD_DIR
# --target fuzz_TARGET in a -DGEOEVENT_FUZZ=ON -DGEOEVENT_SANITIZE=ON clang build).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
target=$1 runs=${2:-10000000} seconds=${3:-36000}
build=${4:-$src/build-fuzz}
out=${5:-/tmp/geoevent-fuzz-long/$target}
resume=${6:-}
source "$src/tests/fuzz/options.sh"
mapfile -t opts < <(fuzz_options "$target" "$src")
rm -rf "$out" && mkdir -p "$out/corpus" "$out/crashes"
cp -r "$src/tests/fuzz/corpus/$target/." "$out/corpus/"
if [[ -n $resume ]]; then cp -r "$resume/." "$out/corpus/"; fi
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$src/tests/ubsan.supp"
start=$(date +%s)
echo "fuzz_$target: binary built $(date -u -r "$build/bin/fuzz_$target" '+%F %H:%M UTC'), started $(date -u '+%F %H:%M UTC')${resume:+, resumed from $resume}"
rc=0
nice -n 19 "$build/bin/fuzz_$target" "$out/corpus" "${opts[@]}" -runs="$runs" -max_total_time="$seconds" \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/crashes/" \
  >"$out/log" 2>&1 || rc=$?
elapsed=$(( $(date +%s) - start ))
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log")
last=$(grep -E '^#[0-9]+' "$out/log" | tail -1)
echo "fuzz_$target: exit $rc, ${elapsed} s, ${execs:-?} executions, $(( ${execs:-0} / (elapsed > 0 ? elapsed : 1) )) exec/s," \
     "$(grep -c '^==[0-9]*==ERROR' "$out/log" || true) errors, $(ls "$out/crashes" | wc -l) artifacts," \
     "corpus $(ls "$out/corpus" | wc -l) files; options ${opts[*]}"
echo "  last status line: $last"
grep -E '^stat::' "$out/log" | sed 's/^/  /'
exit $rc
