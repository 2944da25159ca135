#!/usr/bin/env bash
# Writer throughput: geoevent's DatasetWriter vs ogr2ogr on the same N events, per driver.
#   bench/writer_bench.sh BUILD_DIR WORK_DIR [N] [PG_TARGET]
# The writer runs first for each format; ogr2ogr then converts the GeoPackage the writer
# produced (the same features, in the order they were written). Not the FlatGeobuf: it is
# sorted along its spatial index, which would hand ogr2ogr pre-sorted input and spare it
# the random reads that sorting costs (300 k to FlatGeobuf: 3.0 vs 1.8 CPU-s).
# Prints one line per run: wall seconds, CPU seconds, features/s. The writer fsyncs what
# it publishes and ogr2ogr does not, so file outputs are timed a second time as
# "ogr2ogr+sync" (ogr2ogr, then `sync FILE`): the same durability as the writer's.
# A new GeoPackage is written twice: with its rows inserted through SQLite (the default)
# and through OGR (GEOEVENT_GPKG_DIRECT=NO, the path appends take).
set -euo pipefail
build=$1 work=$2 n=${3:-1000000} pg=${4:-}
bench=$build/bin/geoevent_bench_writer
mkdir -p "$work"
cd "$work"
rm -rf w.* w-ogr.* o.* .w.* .w-ogr.* .o.*

writer() {  # TARGET [DRIVER]
  "$bench" write "$n" "$@"
}
ogr() {  # LABEL OUTPUT_FILE_OR_EMPTY ARGS...
  local label=$1 out=$2; shift 2
  local t0 t1 t2 cpu
  t0=$(date +%s.%N)
  cpu=$( { /usr/bin/time -f "%U %S" ogr2ogr "$@" 2>&1 >/dev/null; } | tail -1)
  t1=$(date +%s.%N)
  [[ -n $out ]] && sync "$out"
  t2=$(date +%s.%N)
  awk -v l="$label" -v n="$n" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v cpu="$cpu" -v f="$out" 'BEGIN {
    split(cpu, c, " "); w = t1 - t0; s = c[1] + c[2];
    printf "ogr2ogr\t%s\t%d features\twall %.2f s\t%.0f features/s\tcpu %.2f s\t%.0f features/cpu-s\n", l, n, w, n / w, s, n / s
    if (f != "") printf "ogr2ogr+sync\t%s\t%d features\twall %.2f s\t%.0f features/s\n", l, n, t2 - t0, n / (t2 - t0) }'
}

writer w.gpkg                               # also the input of every ogr2ogr run
# The same GeoPackage with the rows inserted through OGR instead of SQLite directly:
GEOEVENT_GPKG_DIRECT=NO writer w-ogr.gpkg
ogr GPKG o.gpkg -f GPKG o.gpkg w.gpkg events -nln events
writer w.fgb
ogr FlatGeobuf o.fgb -f FlatGeobuf o.fgb w.gpkg events -nln events
writer w.geojson
ogr GeoJSON o.geojson -f GeoJSON o.geojson w.gpkg events -nln events -lco RFC7946=YES
if [[ -n $pg ]]; then
  writer "$pg"
  ogr PostgreSQL "" -f PostgreSQL "$pg" w.gpkg events -nln events_ogr2ogr -overwrite
fi
ls -la "$work"
