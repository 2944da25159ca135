#!/usr/bin/env bash
# System-level fault tests: the real binary under a full disk, SIGKILL, a read-only
# directory, an input that vanishes and a gazetteer swapped mid-run. Each checks the
# guarantee, not just the exit code: the previous output and index are byte-identical, no
# half file is published, and a re-run completes correctly.
# Usage: faults.sh GEOEVENT SOURCE_DIR DEFAULT_INDEX CASE
set -uo pipefail
exe=$1 S=$2 G=$3 case=$4
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
fail() { echo "FAIL [$case] $*"; [[ -f err ]] && { echo "--- stderr:"; head -20 err; }; exit 1; }

# A corpus large enough that extraction takes a few seconds: the development articles,
# repeated under new ids (so no two are the same document).
make_corpus() {  # copies
  /usr/bin/python3 - "$S/tests/data/events/dev.jsonl" "$1" > corpus.jsonl <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for k in range(int(sys.argv[2])):
    for r in rows:
        print(json.dumps({"id": f"{r['id']}-{k}", "text": r["text"], "date": r.get("date", ""),
                          "lang": r.get("lang", "")}, ensure_ascii=False))
PY
}
no_leftovers() {
  local left
  left=$(find "$1" -maxdepth 1 -name '.*.tmp*' ! -name '*.lock')
  [[ -z $left ]] || fail "temporary files left behind: $left"
}

case $case in
disk-full)
  # RLIMIT_FSIZE makes every write past the limit fail with EFBIG, as a full disk would
  # (SIGXFSZ is ignored so the process sees the error instead of dying).
  make_corpus 20
  "$exe" extract "$S/examples/boukamal.fr.txt" -o old.gpkg --quiet || fail "setup extract failed"
  cp old.gpkg before.gpkg
  (trap '' XFSZ; ulimit -f 40; exec "$exe" extract corpus.jsonl -o old.gpkg --overwrite) 2>err
  code=$?
  ((code == 1)) || fail "exit code $code, expected 1"
  grep -q '^geoevent: error: ' err || fail "no error message"
  grep -q '^hint: ' err || fail "no hint"
  cmp -s old.gpkg before.gpkg || fail "the previous output was changed"
  no_leftovers "$T"
  "$exe" extract corpus.jsonl -o old.gpkg --overwrite --quiet || fail "re-run without the limit failed"
  ;;
kill-extract)
  # Killed twice: while it is still reading (its input is a pipe the test holds open, so
  # the moment is certain) and as soon as it starts publishing output (its staging
  # directory appears). Either way the previous output stays byte-identical.
  make_corpus 120
  "$exe" extract "$S/examples/boukamal.fr.txt" -o out.gpkg --quiet || fail "setup extract failed"
  cp out.gpkg before.gpkg
  mkfifo feed
  "$exe" extract - -o out.gpkg --overwrite --quiet <feed 2>err &
  pid=$!
  exec 3>feed
  head -n 3000 corpus.jsonl >&3
  sleep 0.5
  kill -0 $pid 2>/dev/null || fail "extract ended while its input was still open"
  kill -KILL $pid
  wait $pid 2>/dev/null
  exec 3>&-
  cmp -s out.gpkg before.gpkg || fail "the run killed while reading changed the previous output"
  "$exe" extract corpus.jsonl -o out.gpkg --overwrite --quiet --threads 1 2>err &
  pid=$!
  killed=0
  for _ in $(seq 1 6000); do
    if compgen -G ".out.gpkg.tmp-*" >/dev/null; then kill -KILL $pid 2>/dev/null && killed=1; break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.005
  done
  wait $pid 2>/dev/null
  ((killed)) || fail "never saw the run's staging directory, so it was not killed while writing"
  cmp -s out.gpkg before.gpkg || fail "the run killed while writing changed the previous output"
  "$exe" extract corpus.jsonl -o out.gpkg --overwrite --quiet || fail "re-run failed"
  "$exe" extract corpus.jsonl -o clean.gpkg --quiet || fail "clean run failed"
  n_rerun=$(ogrinfo -ro -q -sql "SELECT COUNT(*) AS n FROM events" out.gpkg | grep -Eo 'n \(Integer\) = [0-9]+')
  n_clean=$(ogrinfo -ro -q -sql "SELECT COUNT(*) AS n FROM events" clean.gpkg | grep -Eo 'n \(Integer\) = [0-9]+')
  [[ -n $n_clean && $n_rerun == "$n_clean" ]] || fail "re-run has '$n_rerun' events, a clean run '$n_clean'"
  ;;
readonly-dir)
  # Permissions do not stop root, so the run drops to the `nobody` user when started as root.
  mkdir ro && cp "$S/examples/boukamal.fr.txt" ro/ && echo keep > ro/out.geojson && chmod 555 ro
  chmod 755 "$T"
  as_user=()
  if [[ $(id -u) == 0 ]]; then as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups); fi
  "${as_user[@]}" "$exe" extract ro/boukamal.fr.txt -o ro/out.geojson --overwrite \
      --gazetteer "$G" 2>err
  code=$?
  ((code == 1)) || fail "exit code $code, expected 1"
  grep -q 'ro/' err || fail "the message does not name the directory"
  grep -q '^hint: ' err || fail "no hint"
  [[ $(cat ro/out.geojson) == keep ]] || fail "the previous output was changed"
  [[ $(ls -A ro | wc -l) == 2 ]] || fail "something was written: $(ls -A ro)"
  ;;
input-deleted)
  # The second input disappears while the first (a pipe the test holds open) is being
  # read: the run fails cleanly naming it, the previous output is kept, and once the file
  # is back a re-run works.
  make_corpus 20
  cp "$S/examples/boukamal.fr.txt" second.txt
  echo keep > out.geojson
  mkfifo feed
  "$exe" extract - second.txt -o out.geojson --overwrite --quiet <feed 2>err &
  pid=$!
  exec 3>feed
  head -n 500 corpus.jsonl >&3
  sleep 0.3
  rm second.txt
  cat corpus.jsonl >&3
  exec 3>&-
  wait $pid
  code=$?
  ((code != 0)) || fail "the run succeeded although an input vanished"
  grep -q 'second\.txt' err || fail "the message does not name the vanished input"
  [[ $(cat out.geojson) == keep ]] || fail "the previous output was changed"
  no_leftovers "$T"
  cp "$S/examples/boukamal.fr.txt" second.txt
  "$exe" extract corpus.jsonl second.txt -o out.geojson --overwrite --quiet || fail "re-run failed"
  ;;
index-replaced)
  # A refresh renames a new index over the one a long extraction has mapped: the running
  # extraction keeps its mapping and produces exactly what it would have without the swap.
  make_corpus 120
  cp "$G" live.gidx
  "$exe" extract corpus.jsonl -o quiet-run.geojson --gazetteer live.gidx --quiet || fail "reference run failed"
  "$exe" extract corpus.jsonl -o swapped-run.geojson --gazetteer live.gidx --quiet 2>err &
  pid=$!
  sleep 0.5
  "$exe" gazetteer build --from "$S/tests/data/gazetteer/cities_sample.txt" -o other.gidx >/dev/null 2>&1 \
      || fail "building the replacement index failed"
  mv other.gidx live.gidx
  wait $pid || fail "the extraction failed when its index was replaced"
  cmp -s quiet-run.geojson swapped-run.geojson || fail "output differs when the index was swapped mid-run"
  ;;
*)
  echo "unknown case $case"; exit 2 ;;
esac
echo "ok [$case]"
