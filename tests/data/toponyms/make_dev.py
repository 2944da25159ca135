#!/usr/bin/env python3
"""Builds dev.jsonl (text + gold toponyms, in the output shape of `geoevent toponyms`)
from dev.src.txt, filling coordinates and codes from the embedded gazetteer source rows.
Fails if a gold geonameid is not in gazetteer/places.txt.gz.

    python3 tests/data/toponyms/make_dev.py            # rewrites tests/data/toponyms/dev.jsonl
"""
import gzip
import json
import pathlib
import re
import sys

here = pathlib.Path(__file__).resolve().parent
root = here.parents[2]
mark = re.compile(r"\[\[([^|\]]+)\|(\d+)\]\]")


def load_places(ids):
    places = {}
    with gzip.open(root / "gazetteer" / "places.txt.gz", "rt", encoding="utf-8") as f:
        for line in f:
            f_ = line.rstrip("\n").split("\t")
            if int(f_[0]) in ids:
                places[int(f_[0])] = f_
    return places


def articles(src):
    current = None
    for line in src.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            if current:
                yield current
            _, aid, lang = line.split()
            current = {"id": aid, "lang": lang, "lines": []}
        elif current and not line.startswith("#"):
            current["lines"].append(line)
    if current:
        yield current


def main():
    docs = list(articles(here / "dev.src.txt"))
    ids = {int(m.group(2)) for d in docs for m in mark.finditer("\n".join(d["lines"]))}
    places = load_places(ids)
    missing = ids - places.keys()
    if missing:
        sys.exit(f"geonameids not in the embedded gazetteer: {sorted(missing)}")
    out = []
    for d in docs:
        marked = "\n".join(d["lines"]).strip()
        text, toponyms, pos = "", [], 0
        for m in mark.finditer(marked):
            text += marked[pos:m.start()]
            start = len(text)  # Python str: code points, as the output format wants
            text += m.group(1)
            row = places[int(m.group(2))]
            code = row[7]
            kind = "country" if code.startswith("PCL") else "admin1" if code == "ADM1" else "place"
            toponyms.append({"start": start, "end": len(text), "name": m.group(1), "geonameid": int(row[0]),
                             "lat": float(row[4]), "lon": float(row[5]), "feature_code": code,
                             "country": row[8], "admin1": row[10], "kind": kind})
            pos = m.end()
        text += marked[pos:]
        for t in toponyms:
            assert text[t["start"]:t["end"]] == t["name"]
        out.append({"id": d["id"], "lang": d["lang"], "text": text, "toponyms": toponyms})
    with open(here / "dev.jsonl", "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print(f"{len(out)} articles, {sum(len(o['toponyms']) for o in out)} gold toponyms")


if __name__ == "__main__":
    main()
