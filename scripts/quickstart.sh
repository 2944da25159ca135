#!/usr/bin/env bash
# The README's first command: install dependencies, build (which also builds the default
# gazetteer index from gazetteer/places.txt.gz), and run the main job on the bundled
# example with the embedded gazetteer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
exec scripts/run-example.sh
