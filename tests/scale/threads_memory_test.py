#!/usr/bin/env python3
"""geoevent extract on generated corpora:
1. --threads 1, --threads 2 and JSON Lines on stdin give byte-identical GeoJSON, from a
   directory holding a .gz file and a plain file in a subdirectory;
2. the peak resident memory of a run over a 10x larger corpus (streamed on stdin) is no
   more than --max-growth-mb above that of the small one: to GeoJSON, and to a GeoPackage
   with its sources table (one row per article with an event, every article here).
Exit 0 on success, 1 with the reason on failure."""
import argparse
import gzip
import os
import shutil
import subprocess
import sys
import time


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def run(cmd, stdin=None):
    p = subprocess.run(cmd, stdin=stdin, capture_output=True)
    if p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p.stderr.decode(errors="replace")


def peak_rss_mb(cmd, generator_cmd):
    """Peak RSS of `cmd` alone (not the generator feeding its stdin), from wait4()."""
    gen = subprocess.Popen(generator_cmd, stdout=subprocess.PIPE)
    child = subprocess.Popen(cmd, stdin=gen.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    gen.stdout.close()
    start = time.monotonic()
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    gen.wait()
    if child.returncode != 0:
        fail(f"{' '.join(cmd)} exited {child.returncode}: {err.decode(errors='replace')}")
    return usage.ru_maxrss / 1024.0, time.monotonic() - start, err.decode(errors="replace")


def check_growth(results, limit, what):
    growth = results[1] - results[0]
    print(f"{what}: peak RSS growth for 10x the corpus: {growth:+.1f} MB (limit {limit:g} MB)")
    if growth > limit:
        fail(f"{what}: peak memory grew by {growth:.1f} MB between the small corpus and the 10x one")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--geoevent", required=True)
    ap.add_argument("--corpus-tool", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--small-mb", type=float, default=50)
    ap.add_argument("--max-growth-mb", type=float, default=6)
    # Under AddressSanitizer freed memory sits in a quarantine of up to 256 MB, so peak RSS
    # measures the sanitizer, not the pipeline: such builds check the bytes only.
    ap.add_argument("--skip-memory", action="store_true")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    w = lambda *p: os.path.join(args.work, *p)
    gen = [sys.executable, args.corpus_tool]

    # 1. Same bytes whatever the threads and however the articles arrive.
    subprocess.run(gen + ["--mb", "8", "-o", w("corpus.jsonl")], check=True)
    lines = open(w("corpus.jsonl"), "rb").read().splitlines(keepends=True)
    half = len(lines) // 2
    os.makedirs(w("news", "later"))
    with gzip.open(w("news", "a.jsonl.gz"), "wb") as f:
        f.writelines(lines[:half])
    with open(w("news", "later", "b.jsonl"), "wb") as f:
        f.writelines(lines[half:])
    os.makedirs(w("tmp"))
    common = ["extract", "--tmp-dir", w("tmp")]
    err1 = run([args.geoevent] + common + [w("news"), "--threads", "1", "-o", w("t1.geojson")])
    run([args.geoevent] + common + [w("news"), "--threads", "2", "-o", w("t2.geojson")])
    with open(w("corpus.jsonl"), "rb") as stdin:
        err_stdin = run([args.geoevent] + common + ["-", "--threads", "2", "--progress", "-o", w("stdin.geojson")],
                        stdin=stdin)
    t1, t2, ts = (open(w(n), "rb").read() for n in ("t1.geojson", "t2.geojson", "stdin.geojson"))
    features = t1.count(b'"type": "Feature"')
    print(f"{len(lines)} articles -> {features} events; {err1.strip()}")
    if features < 500:
        fail(f"only {features} events from {len(lines)} articles: the corpus should give many")
    if t1 != t2:
        fail("--threads 1 and --threads 2 wrote different bytes")
    if t1 != ts:
        fail("the same articles on stdin gave different bytes than from the directory")
    if f"{len(lines)} documents read (2 files)" not in err1 or "\r" in err1:
        fail("summary line missing, or progress drawn although stderr is not a terminal: " + err1)
    if "\r" not in err_stdin:
        fail("--progress drew nothing")
    if os.listdir(w("tmp")):
        fail(f"temporary files left behind: {os.listdir(w('tmp'))}")

    # 2. Flat memory: the corpus is streamed, so only its size changes. One article in ten
    #    reports an event (wire copy reports far fewer): the output layer keeps every
    #    written event_id in memory (8-17 bytes each, for idempotent appends).
    if args.skip_memory:
        print("memory check skipped (sanitizer build)")
        shutil.rmtree(args.work, ignore_errors=True)
        print("ok")
        return
    results = []
    for mb in (args.small_mb, args.small_mb * 10):
        rss, secs, err = peak_rss_mb([args.geoevent] + common + ["-", "--threads", "2", "-o", w(f"m{mb:g}.geojson")],
                                     gen + ["--mb", str(mb), "--event-share", "0.1"])
        print(f"{mb:g} MB corpus: peak RSS {rss:.1f} MB, {secs:.1f} s; {err.strip().splitlines()[-1]}")
        results.append(rss)
    check_growth(results, args.max_growth_mb, "GeoJSON")

    # 3. A GeoPackage also gets the sources table, one row per source article of an event
    #    (about 250 bytes each in memory): it spills sorted runs to --tmp-dir, so it adds no
    #    growth of its own even when every article reports an event. Such corpora grow
    #    other things with the events (the written event_ids, the merge's partitions, the
    #    gazetteer pages touched), GeoJSON as much as GeoPackage: the check is on what the
    #    GeoPackage adds over GeoJSON (37 MB when the table was held in memory).
    growth = {}
    for fmt in ("geojson", "gpkg"):
        results = []
        for mb in (args.small_mb / 2, args.small_mb * 5):
            out = w(f"all{mb:g}.{fmt}")
            rss, secs, err = peak_rss_mb([args.geoevent] + common + ["-", "--threads", "2", "-o", out],
                                         gen + ["--mb", str(mb), "--event-share", "1"])
            print(f"{mb:g} MB corpus, every article with an event, {fmt}: peak RSS {rss:.1f} MB, {secs:.1f} s; "
                  f"{err.strip().splitlines()[-1]}")
            results.append(rss)
            os.remove(out)
        growth[fmt] = results[1] - results[0]
    extra = growth["gpkg"] - growth["geojson"]
    print(f"peak RSS growth for 10x the corpus: GeoJSON {growth['geojson']:+.1f} MB, GeoPackage "
          f"{growth['gpkg']:+.1f} MB: the sources table and GeoPackage add {extra:+.1f} MB "
          f"(limit {args.max_growth_mb:g} MB)")
    if extra > args.max_growth_mb:
        fail(f"a GeoPackage output grew {extra:.1f} MB more than GeoJSON between the small corpus and the 10x one")
    if os.listdir(w("tmp")):
        fail(f"temporary files left behind: {os.listdir(w('tmp'))}")
    shutil.rmtree(args.work, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
