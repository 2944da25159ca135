#!/usr/bin/env python3
"""Throughput of `geoevent extract` at 1 and 2 threads on a generated corpus: docs/s and
MB/s (of JSON Lines input), best of N runs, the speed-up, and whether the outputs are
byte-identical. Prints a markdown table.

  bench/scale_bench.py BUILD_DIR [--mb 50] [--runs 3] [--event-share 1]

--event-share is the share of articles that report a change of control (the generator's
option): with 1, every article adds an event, and writing them all through GDAL on one
thread at the end is a serial step that grows with the corpus.
"""
import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--event-share", type=float, default=1.0)
    args = ap.parse_args()
    exe = os.path.join(args.build, "bin", "geoevent")
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as work:
        corpus = os.path.join(work, "corpus.jsonl")
        subprocess.run([sys.executable, os.path.join(here, "make_events_corpus.py"), "--mb", str(args.mb),
                        "--event-share", str(args.event_share), "-o", corpus],
                       check=True)
        docs = sum(1 for _ in open(corpus, "rb"))
        size = os.path.getsize(corpus)
        print(f"corpus: {docs} articles, {size / 1e6:.1f} MB of JSON Lines, event share {args.event_share}; "
              f"{os.cpu_count()} cores\n")
        print("| threads | best wall s | docs/s | MB/s | speed-up |")
        print("|---|---|---|---|---|")
        base = None
        outputs = []
        for t in (int(x) for x in args.threads.split(",")):
            out = os.path.join(work, f"out-{t}.geojson")
            best = None
            for _ in range(args.runs):
                start = time.monotonic()
                subprocess.run([exe, "extract", corpus, "--threads", str(t), "--quiet", "--overwrite", "-o", out],
                               check=True)
                secs = time.monotonic() - start
                best = secs if best is None else min(best, secs)
            base = base or best
            outputs.append(out)
            print(f"| {t} | {best:.2f} | {docs / best:.0f} | {size / 1e6 / best:.2f} | {base / best:.2f}x |")
        same = all(filecmp.cmp(outputs[0], o, shallow=False) for o in outputs[1:])
        print(f"\noutputs byte-identical across thread counts: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
