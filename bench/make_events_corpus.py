#!/usr/bin/env python3
"""Generates a synthetic wire-copy corpus (JSON Lines) for geoevent's scale tests and
benchmarks: stories of towns changing hands, each told by one to four articles in English
or French over a few days, padded with background paragraphs that name no place, so the
size per article (~3 KB) and the event density look like real wire copy.

Deterministic: the same arguments give the same bytes. The corpus grows in time (a longer
period, not more news per day), as a real archive does.

  make_events_corpus.py --mb 50 -o corpus.jsonl        # or -o - for stdout, .gz to compress
  make_events_corpus.py --articles 2000 --event-share 0.1 -o part.jsonl   # 1 article in 10 reports an event
"""
import argparse
import datetime
import gzip
import json
import random
import sys

PLACES = ["Boukamal", "Palmyra", "Mosul", "Raqqa", "Aleppo", "Homs", "Kobani", "Manbij", "Tikrit", "Ramadi",
          "Fallujah", "Deir ez-Zor", "Tal Afar", "Al-Qaim", "Rawa", "Hama", "Idlib", "Afrin", "Tabqa", "Sinjar",
          "Bakhmut", "Avdiivka", "Kherson", "Izium", "Mariupol", "Lyman", "Severodonetsk", "Lysychansk",
          "Timbuktu", "Gao", "Kidal", "Sirte", "Benghazi", "Derna", "Aden", "Marib", "Hodeidah", "Baiji"]
SIDES = [("Syrian government forces", "Islamic State"), ("Iraqi government forces", "Islamic State"),
         ("Syrian Democratic Forces", "Islamic State"), ("Ukrainian armed forces", "Russian armed forces"),
         ("Russian armed forces", "Ukrainian armed forces"), ("French armed forces", "Ansar Dine"),
         ("Libyan National Army", "Government of National Accord"), ("Houthis", "Yemeni government forces")]
EN = ["{a} captured {p} from {b} on {day}, according to officials.",
      "{p} fell to {a} on {day} after weeks of fighting against {b}.",
      "{b} lost {p} to {a} on {day}, a monitoring group said.",
      "{a} have retaken {p} from {b}, the army said on {day}."]
EN_STATUS = ["{b} still controls {p}, residents said."]
FR = ["{a} ont repris {p} à {b} {dayfr}, selon une ONG.",
      "{p} a été reprise à {b} par {a} {dayfr}."]
FR_ACTORS = {"Syrian government forces": "Les forces du régime syrien", "Islamic State": "l'État islamique",
             "Iraqi government forces": "Les forces irakiennes", "Syrian Democratic Forces": "Les Forces démocratiques syriennes",
             "Ukrainian armed forces": "L'armée ukrainienne", "Russian armed forces": "l'armée russe",
             "French armed forces": "L'armée française", "Ansar Dine": "Ansar Dine",
             "Libyan National Army": "L'Armée nationale libyenne", "Government of National Accord": "le Gouvernement d'union nationale",
             "Houthis": "Les Houthis", "Yemeni government forces": "les forces gouvernementales yéménites"}
WORDS = ("the officials said that talks would continue while aid convoys waited for access and prices of bread and fuel "
         "kept rising as families returned to damaged homes schools remained closed and the electricity network "
         "was partly restored according to engineers working for the local council").split()
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def filler(rng, sentences):
    out = []
    for _ in range(sentences):
        n = rng.randint(12, 24)
        s = " ".join(rng.choice(WORDS) for _ in range(n))
        out.append(s[0].upper() + s[1:] + ".")
    return " ".join(out)


def stories(seed):
    """Endless stories: one every few hours, each at a random place on a later day."""
    rng = random.Random(seed)
    day = datetime.date(2014, 1, 1)
    n = 0
    while True:
        day += datetime.timedelta(days=rng.choice([0, 0, 1]))
        a, b = rng.choice(SIDES)
        yield n, rng.choice(PLACES), day, a, b, rng.randint(1, 4)
        n += 1


BACKGROUND = ["Residents of {p} said the price of bread kept rising.", "Aid convoys waited outside {p} on {day}.",
              "Schools in {p} remained closed, teachers said."]


def articles(seed, event_share):
    rng = random.Random(seed + 1)
    # Per story (2.5 reports on average), this many articles that report no event.
    background = 2.5 * (1 - event_share) / event_share
    for n, place, day, a, b, reports in stories(seed):
        extra = background > 0 and rng.random() < background % 1
        for g in range(int(background) + extra):
            lead = rng.choice(BACKGROUND).format(p=rng.choice(PLACES), day=DAYS_EN[day.weekday()])
            yield {"id": f"bg-{n:07d}-{g}", "date": day.isoformat(), "lang": "en", "title": f"Background {n}/{g}",
                   "text": lead + "\n\n" + filler(rng, 6) + "\n\n" + filler(rng, 6) + "\n\n" + filler(rng, 5)}
        for r in range(reports):
            pub = day + datetime.timedelta(days=rng.choice([0, 0, 1]))
            lang = "fr" if rng.random() < 0.3 else "en"
            if lang == "en":
                lead = rng.choice(EN + EN_STATUS if r else EN).format(a=a, b=b, p=place, day=DAYS_EN[day.weekday()])
            else:
                fa, fb = FR_ACTORS[a], FR_ACTORS[b]
                lead = rng.choice(FR).format(a=fa, b=fb, p=place, dayfr=DAYS_FR[day.weekday()])
            text = lead + "\n\n" + filler(rng, 6) + "\n\n" + filler(rng, 6) + "\n\n" + filler(rng, 5)
            yield {"id": f"wire-{n:07d}-{r}", "date": pub.isoformat(), "lang": lang,
                   "title": f"Story {n} report {r}", "text": text}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, help="stop after this many megabytes (1e6 bytes)")
    ap.add_argument("--articles", type=int, help="stop after this many articles")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--event-share", type=float, default=1.0,
                    help="share of articles that report a change of control (default 1: all of them); "
                         "the others report background news at the same places")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    if args.mb is None and args.articles is None:
        ap.error("give --mb or --articles")
    limit_bytes = int(args.mb * 1e6) if args.mb is not None else None
    if args.output == "-":
        out = sys.stdout.buffer
    elif args.output.endswith(".gz"):
        out = gzip.open(args.output, "wb", compresslevel=1)
    else:
        out = open(args.output, "wb")
    written = count = 0
    try:
        if not 0 < args.event_share <= 1:
            ap.error("--event-share must be in (0, 1]")
        for art in articles(args.seed, args.event_share):
            line = (json.dumps(art, ensure_ascii=False) + "\n").encode()
            if limit_bytes is not None and written + len(line) > limit_bytes:
                break
            out.write(line)
            written += len(line)
            count += 1
            if args.articles is not None and count >= args.articles:
                break
    except BrokenPipeError:  # the reader stopped early (e.g. a killed run): not an error here
        pass
    finally:
        try:
            out.close()
        except BrokenPipeError:
            pass


if __name__ == "__main__":
    main()
