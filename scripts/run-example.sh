#!/usr/bin/env bash
# The main job on the bundled example, with the embedded gazetteer.
set -euo pipefail
cd "$(dirname "$0")/.."
for name in Boukamal "Deir Ezzor" "al-Qaïm" Rawa البوكمال; do
  build/bin/geoevent gazetteer lookup "$name" --limit 1
done
