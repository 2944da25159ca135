#!/usr/bin/python3
"""Writes an allCountries-scale GeoNames dump for benchmarks (the data is not committed).

Usage: bench/gen_allcountries.py ROWS OUT.txt [--seed N]
       bench/gen_allcountries.py ROWS OUT.txt --copies-of BASE.txt
Rows have the 19 GeoNames columns, names of realistic length built from syllables
(Latin with diacritics, some Arabic script), 2-20 alternate names each, populations
following a long tail, and real-looking feature codes.

Drawing 13 M rows takes about an hour of CPU; --copies-of writes ROWS rows as copies of a
smaller file this script made (copy k: geonameids shifted by k times BASE's row count,
every name given a copy-specific leading syllable so copies share no spelling), at the
speed of the disk.
"""
import argparse
import random

SYLLABLES = ["al", "bu", "ka", "mal", "dei", "r", "zor", "ra", "wa", "qa", "im", "mo", "sul", "ha", "lab",
             "tad", "mur", "fal", "lu", "jah", "ko", "ba", "ni", "san", "ta", "ma", "ri", "vil", "le", "burg",
             "ton", "ham", "stad", "ö", "é", "ā", "ī", "ū", "ş", "ç"]
ARABIC = ["ال", "بو", "كمال", "دير", "زور", "راو", "ة", "قا", "ئم", "حلب", "رقة", "موصل"]
CODES = [("P", "PPL")] * 70 + [("P", "PPLA2")] * 5 + [("P", "PPLA")] * 2 + [("H", "STM")] * 8 + \
        [("T", "MT")] * 8 + [("S", "FRM")] * 5 + [("A", "ADM3")] * 2
COUNTRIES = ["SY", "IQ", "FR", "US", "DE", "LY", "UA", "ML", "TR", "IR", "EG", "GB", "IT", "ES", "RU", "CN", "IN", "BR"]


def name(rng):
    n = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5)))
    return n.capitalize() + ("" if rng.random() < 0.7 else " " + "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize())


COPY_SYLLABLES = ["Bu", "Ka", "Dei", "Zor", "Ra", "Wa", "Qa", "Mo", "Ha", "Ta", "Ni", "San", "Lu", "Ko", "Ba", "Ma"]


def copies(rows, out, base):
    with open(base, encoding="utf-8") as f:
        lines = f.read().splitlines()
    n = len(lines)
    with open(out, "w", encoding="utf-8") as f:
        for k in range((rows + n - 1) // n):
            p = COPY_SYLLABLES[(k - 1) % len(COPY_SYLLABLES)] if k else ""
            pre = (lambda s: p + s[:1].lower() + s[1:]) if k else (lambda s: s)
            for line in lines[:min(n, rows - k * n)]:
                c = line.split("\t")
                c[0] = str(int(c[0]) + k * n)
                c[1], c[2] = pre(c[1]), pre(c[2])
                c[3] = ",".join(pre(a) for a in c[3].split(",")) if c[3] else ""
                f.write("\t".join(c) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--copies-of", metavar="BASE")
    a = ap.parse_args()
    if a.copies_of:
        copies(a.rows, a.out, a.copies_of)
        return
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8") as f:
        for gid in range(1, a.rows + 1):
            nm = name(rng)
            alts = [name(rng) for _ in range(rng.randint(2, 20))]
            if rng.random() < 0.2:
                alts.append("".join(rng.choice(ARABIC) for _ in range(rng.randint(1, 3))))
            fc, code = rng.choice(CODES)
            pop = int(rng.paretovariate(1.2) * 50) if fc == "P" else 0
            f.write("\t".join([str(gid), nm, nm, ",".join(alts), f"{rng.uniform(-60, 70):.5f}",
                               f"{rng.uniform(-180, 180):.5f}", fc, code, rng.choice(COUNTRIES), "",
                               f"{rng.randint(1, 30):02d}", "", "", "", str(pop), "", "100", "UTC",
                               "2026-11-20"]) + "\n")


if __name__ == "__main__":
    main()
