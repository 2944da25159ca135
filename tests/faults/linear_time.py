#!/usr/bin/env python3
"""Pathological text must cost linear time: one article of N repetitions of a place name and
of an actor alias (N = 250,000 and 1,000,000), and of a whole control-change clause with no
full stop, one endless sentence (N = 25,000 and 100,000: 5 MB, where every word is work).
The CPU time of `geoevent toponyms` and `geoevent extract` may grow about 4x between the two
sizes (a fixed start-up makes it less); quadratic work would be 16x. Ratios, not seconds, so
a loaded machine does not make it flaky.
Usage: linear_time.py GEOEVENT"""
import os
import resource
import subprocess
import sys
import tempfile

EXE = sys.argv[1]
MAX_RATIO = 8.0  # linear is ~4 (less with start-up cost); quadratic is ~16
PATTERNS = {  # name: (repeated text, small N, large N)
    "place": ("Raqqa ", 250_000, 1_000_000),
    "actor": ("l'armée syrienne ", 250_000, 1_000_000),
    "event": ("l'armée syrienne a repris Raqqa aux jihadistes, ", 25_000, 100_000),
}


def cpu_seconds(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)} exited {done.returncode}: {done.stderr[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (unit, small_n, large_n) in PATTERNS.items():
            times = {}
            for n in (small_n, large_n):
                path = os.path.join(tmp, f"{name}-{n}.txt")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(unit * n)
                common = ["--lang", "fr", "--max-article-bytes", str(200 << 20)]
                times[("toponyms", n)] = cpu_seconds([EXE, "toponyms", path, *common])
                out = os.path.join(tmp, f"{name}-{n}.geojson")
                times[("extract", n)] = cpu_seconds(
                    [EXE, "extract", path, *common, "--date", "2017-11-09", "-o", out, "--quiet"])
            for command in ("toponyms", "extract"):
                small, large = times[(command, small_n)], times[(command, large_n)]
                ratio = large / max(small, 0.01)
                verdict = "ok" if ratio <= MAX_RATIO else "FAIL"
                print(f"{verdict} {command} on {name!r} x{small_n}: {small:.2f} s, x{large_n}: {large:.2f} s, "
                      f"ratio {ratio:.1f} (limit {MAX_RATIO})")
                if ratio > MAX_RATIO:
                    failures.append(f"{command}/{name}")
    if failures:
        sys.exit("super-linear growth: " + ", ".join(failures))


if __name__ == "__main__":
    main()
