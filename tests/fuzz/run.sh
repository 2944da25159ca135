#!/usr/bin/env bash
# Builds every libFuzzer target with clang (address + undefined sanitizers) and runs each
# for SECONDS seconds on its seed corpus (tests/fuzz/corpus/<target>, kept in a scratch copy
# so runs do not rewrite the committed seeds). Usage: tests/fuzz/run.sh [SECONDS] [target…]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(geonames_rows name_keys index_open overlay)
build=build-fuzz
cmake -S . -B $build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
  -DGEOEVENT_FUZZ=ON -DGEOEVENT_SANITIZE=ON -DGEOEVENT_BUILD_TESTS=OFF -DGEOEVENT_BUILD_DEFAULT_INDEX=OFF >/dev/null
cmake --build $build -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
status=0
for t in "${targets[@]}"; do
  work=$(mktemp -d)
  cp -r tests/fuzz/corpus/$t/. "$work/" 2>/dev/null || true
  echo "=== fuzz_$t for ${seconds}s"
  if ! $build/bin/fuzz_$t "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 2>"$work.log"; then
    status=1
    tail -40 "$work.log"
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work.log" || true
  rm -rf "$work" "$work.log"
done
exit $status
