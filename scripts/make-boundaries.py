#!/usr/bin/python3
"""Build gazetteer/boundaries/countries.geojson, the country boundaries that
`geoevent control` clips its control areas to.

Usage:
    /usr/bin/python3 scripts/make-boundaries.py [--out gazetteer/boundaries]
        [--tarball world-atlas-2.0.2.tgz] [--no-verify]

Input: npm package world-atlas@2.0.2 (Natural Earth 4.1.0 Admin 0 countries, 1:50m,
as TopoJSON; Natural Earth is public domain), fetched with `npm pack` unless
--tarball is given. GDAL reads TopoJSON, so `ogr2ogr` does the conversion.

Every country is kept, not only the Middle East: the embedded gazetteer covers
246 countries, so an event can happen anywhere. 1:50m rather than 1:110m
because at 1:110m small countries (Lebanon, Qatar, Bahrain) lose most of their
shape and coastal towns fall in the sea; 1:10m would be 4x larger for detail the
Voronoi cells do not need. Coordinates are rounded to 5 decimals (about 1 m),
far finer than the 1:50m linework, which keeps the file about 2.5 MB.

Each feature gets `iso2` (the ISO 3166-1 alpha-2 code that events carry, from
GeoNames' countryInfo.txt joined on the numeric code), `iso_n3` and `name`.
Polygons are made valid (-makevalid) so the library never has to repair them.
Re-running with the same inputs gives identical bytes.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "world-atlas@2.0.2"
SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
MEMBER = "package/countries-50m.json"
# Natural Earth draws these without an ISO numeric code; GeoNames codes the places
# inside them as below (Hargeisa SO, Pristina XK, Kyrenia CY), so events there carry
# that code and their areas must be clipped to these polygons too.
NO_CODE = {"Somaliland": "SO", "Kosovo": "XK", "N. Cyprus": "CY"}


def iso2_by_numeric(country_info):
    codes = {}
    with open(country_info, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if cols[2] and cols[2] != "0":
                codes[cols[2].zfill(3)] = cols[0]
    return codes


def fetch(tmp):
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(tmp, "world-atlas-2.0.2.tgz")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(root, "gazetteer", "boundaries"))
    ap.add_argument("--tarball", help="world-atlas-2.0.2.tgz already downloaded")
    ap.add_argument("--no-verify", action="store_true", help="accept another tarball")
    args = ap.parse_args()

    codes = iso2_by_numeric(os.path.join(root, "gazetteer", "sources", "countryInfo.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch(tmp)
        digest = hashlib.sha256(open(tarball, "rb").read()).hexdigest()
        if digest != SHA256 and not args.no_verify:
            sys.exit(f"{tarball}: sha256 {digest}, expected {SHA256} (--no-verify to accept)")
        with tarfile.open(tarball) as tar:
            with open(os.path.join(tmp, "countries.json"), "wb") as f:
                f.write(tar.extractfile(MEMBER).read())
        converted = os.path.join(tmp, "countries.geojson")
        subprocess.run(["ogr2ogr", "-q", "-f", "GeoJSON", "-makevalid", "-a_srs", "EPSG:4326",
                        "-lco", "COORDINATE_PRECISION=5", "-lco", "RFC7946=YES",
                        converted, os.path.join(tmp, "countries.json"), "countries"], check=True)
        data = json.load(open(converted, encoding="utf-8"))

    features = []
    missing = []
    for feat in data["features"]:
        props = feat["properties"]
        name = props.get("name") or ""
        n3 = props.get("id") or ""
        iso2 = codes.get(n3, NO_CODE.get(name, ""))
        if not iso2:
            missing.append(name)
        features.append({"type": "Feature",
                         "properties": {"iso2": iso2, "iso_n3": n3, "name": name},
                         "geometry": feat["geometry"]})
    features.sort(key=lambda f: (f["properties"]["iso2"], f["properties"]["name"]))
    out = {"type": "FeatureCollection", "name": "countries", "features": features}
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "countries.geojson")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(json.dumps({"file": path, "bytes": os.path.getsize(path), "countries": len(features),
                      "without_iso2": missing}, ensure_ascii=False))


if __name__ == "__main__":
    main()
