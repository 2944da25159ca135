#!/usr/bin/env bash
# Builds every libFuzzer target with clang (address + undefined sanitizers) and runs each
# for SECONDS seconds on its seed corpus (tests/fuzz/corpus/<target>, kept in a scratch copy
# so runs do not rewrite the committed seeds).
# Usage: tests/fuzz/run.sh [--report-only] [SECONDS] [target…]
# (long runs, one target at a time: tests/fuzz/long_run.sh)
#   --report-only  a crash found by mutation is reported (and its input kept under
#                  build-fuzz/crashes/) but does not fail the run; replaying the committed
#                  seeds still must pass. CI uses it so a newly found crash is shown without
#                  turning every later submission red at random.
set -euo pipefail
cd "$(dirname "$0")/../.."
report_only=0
if [[ "${1:-}" == "--report-only" ]]; then report_only=1; shift; fi
seconds=${1:-30}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(geonames_rows name_keys index_open overlay article_json dates lexicons pipeline)
build=build-fuzz
source tests/fuzz/options.sh
cmake -S . -B $build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
  -DGEOEVENT_FUZZ=ON -DGEOEVENT_SANITIZE=ON -DGEOEVENT_BUILD_TESTS=OFF -DGEOEVENT_BUILD_DEFAULT_INDEX=OFF >/dev/null
cmake --build $build -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
# Any undefined behaviour stops the target, except RapidJSON's known one (tests/ubsan.supp).
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$PWD/tests/ubsan.supp"
status=0
mkdir -p $build/crashes
for t in "${targets[@]}"; do
  # The committed seeds (and regression inputs) must always pass.
  if ! $build/bin/fuzz_$t tests/fuzz/corpus/$t -runs=0 >/dev/null 2>&1; then
    echo "fuzz_$t: a committed corpus input fails"; status=1
  fi
  mapfile -t opts < <(fuzz_options "$t" "$PWD")  # -max_len and -dict per target: options.sh
  work=$(mktemp -d)
  cp -r tests/fuzz/corpus/$t/. "$work/" 2>/dev/null || true
  echo "=== fuzz_$t for ${seconds}s"
  if ! $build/bin/fuzz_$t "$work" "${opts[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix=$build/crashes/fuzz_$t- 2>"$work.log"; then
    echo "FUZZ FOUND A CRASH in fuzz_$t (input kept in $build/crashes/):"
    grep -E 'ERROR|SUMMARY|runtime error' "$work.log" | head -5
    ((report_only)) || status=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work.log" || true
  rm -rf "$work" "$work.log"
done
exit $status
