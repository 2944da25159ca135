#!/usr/bin/env python3
"""Generates a large JSON Lines corpus for bench/toponyms_bench.cpp from the sentences of
the development set (tests/data/toponyms/dev.jsonl), shuffled into new articles of 3-8
sentences with a fixed seed. The data is not committed; regenerate it:

    python3 bench/make_toponyms_corpus.py 200 /tmp/toponyms-corpus.jsonl   # size in MB
"""
import json
import pathlib
import random
import re
import sys

root = pathlib.Path(__file__).resolve().parents[1]


def main():
    size_mb, out_path = int(sys.argv[1]), sys.argv[2]
    sentences = {"fr": [], "en": []}
    with open(root / "tests" / "data" / "toponyms" / "dev.jsonl", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            parts = re.split(r"(?<=[.!?])\s+", doc["text"])
            sentences[doc["lang"]].extend(p for p in parts if p)
    rng = random.Random(4)
    target = size_mb * 1_000_000
    written = n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        while written < target:
            lang = "fr" if n % 2 == 0 else "en"
            text = " ".join(rng.choice(sentences[lang]) for _ in range(rng.randint(3, 8)))
            line = json.dumps({"id": f"g{n}", "lang": lang, "text": text}, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    print(f"{n} articles, {written / 1e6:.1f} MB -> {out_path}")


if __name__ == "__main__":
    main()
