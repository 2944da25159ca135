#!/usr/bin/env bash
# The main job on the bundled example, with the embedded gazetteer: extract the control
# changes of examples/boukamal.fr.txt into a GeoJSON layer and show them.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
build/bin/geoevent extract examples/boukamal.fr.txt -o out/boukamal.geojson --overwrite
/usr/bin/python3 - <<'PY'
import json
for f in json.load(open("out/boukamal.geojson"))["features"]:
    p = f["properties"]
    allies = f" with {p['assoc_actor_1']}" if p.get("assoc_actor_1") else ""
    loser = f" from {p['actor2']}" if p.get("actor2") else ""
    print(f"{p['event_date']} (precision {p['time_precision']}) {p['event_class']}: {p['actor1']}{allies}"
          f" at {p['location']} ({p['latitude']:.4f}, {p['longitude']:.4f}){loser}")
PY
