#!/usr/bin/env bash
# Nightly job: refresh the gazetteer from GeoNames' daily files (falling back to a full
# reload of cities500 when a day is missing), then re-run the extraction on the articles.
# Settings come from the environment so cron and systemd can share the script:
#   GEOEVENT_INDEX     index to keep fresh            (default /var/lib/geoevent/geonames.gidx)
#   GEOEVENT_DAILY     daily files: directory or URL  (default GeoNames' dump directory)
#   GEOEVENT_FULL      full dump for fallback         (default cities500.zip from GeoNames)
#   GEOEVENT_ARTICLES  articles to process            (default /var/lib/geoevent/articles)
#   GEOEVENT_OUTPUT    output directory               (default /var/lib/geoevent/out)
#   GEOEVENT_BIN       geoevent executable            (default: geoevent on PATH)
set -uo pipefail
bin=${GEOEVENT_BIN:-geoevent}
index=${GEOEVENT_INDEX:-/var/lib/geoevent/geonames.gidx}
dump=/vsicurl/https://download.geonames.org/export/dump
daily=${GEOEVENT_DAILY:-$dump/}
full=${GEOEVENT_FULL:-$dump/cities500.zip}
articles=${GEOEVENT_ARTICLES:-/var/lib/geoevent/articles}
output=${GEOEVENT_OUTPUT:-/var/lib/geoevent/out}

"$bin" gazetteer refresh --index "$index" --daily "$daily" --from "$full"
status=$?
case $status in
  0) echo "gazetteer updated" ;;
  3) echo "gazetteer already up to date" ;;
  4) echo "another refresh is running; extraction skipped" >&2; exit 4 ;;
  *) echo "gazetteer refresh failed (exit $status); yesterday's index is still in use" >&2 ;;
esac

# Extraction runs even when the refresh failed: the old index is intact and usable.
mkdir -p "$output"
GEOEVENT_GAZETTEER="$index" "$bin" toponyms "$articles" > "$output/toponyms.jsonl.tmp" \
  && mv "$output/toponyms.jsonl.tmp" "$output/toponyms.jsonl" || { echo "extraction failed" >&2; exit 1; }
[[ $status == 0 || $status == 3 ]] && exit 0 || exit "$status"
