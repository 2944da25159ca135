#!/usr/bin/env bash
# A short end-to-end run of the main commands under valgrind's memcheck (issue #9): any
# invalid read/write, use of uninitialised memory or definite leak fails it.
# Usage: scripts/memcheck.sh [BUILD_DIR]   (a build without sanitizers)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
exe=$build/bin/geoevent
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
vg=(valgrind -q --error-exitcode=9 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite)
run() { echo "memcheck: geoevent $*"; "${vg[@]}" "$exe" "$@" >/dev/null; }
run extract examples/boukamal.fr.txt -o "$out/events.gpkg" --quiet
run control "$out/events.gpkg" --as-of 2017-11-10 -o "$out/control.gpkg" --quiet
head -5 tests/data/toponyms/dev.jsonl > "$out/five.jsonl"
run toponyms "$out/five.jsonl"
run gazetteer lookup Boukamal "Deir ez-Zor" البوكمال
run gazetteer info
echo "memcheck: no errors"
