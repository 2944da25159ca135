# Per-target libFuzzer options, sourced by run.sh and long_run.sh.
# fuzz_options TARGET SRCDIR  -> prints the options, one per line.
# -max_len is the size of the largest realistic input of that kind with room to spare
# (longer inputs only make each execution slower without reaching new code); it is never
# below the largest committed seed, or libFuzzer would truncate the seeds.
#   geonames_rows  4096   one GeoNames row: the longest line of cities500.txt is 3,665 bytes
#   name_keys      1024   one place name or mention (GeoNames' longest names are ~200 bytes)
#   dates          2048   one dateline or sentence
#   article_json  16384   one JSON Lines record (seeds 1.4 KB); the reader is linear
#   overlay        4096   a hand-written overlay file of a few directives
#   lexicons      16384   one lexicon file (the largest seed is 11 KB)
#   index_open    16384   a mutated index (the seed index is 9,248 bytes)
#   pipeline       4096   article text (seeds ~1 KB; long texts: tests/faults/linear_time.py)
# A dictionary (dict/TARGET.dict) gives the mutator the tokens of structured formats.
fuzz_options() {
  local target=$1 src=$2 max_len
  case $target in
    geonames_rows|overlay|pipeline) max_len=4096 ;;
    name_keys) max_len=1024 ;;
    dates) max_len=2048 ;;
    *) max_len=16384 ;;
  esac
  echo "-max_len=$max_len"
  [[ -f "$src/tests/fuzz/dict/$target.dict" ]] && echo "-dict=$src/tests/fuzz/dict/$target.dict"
  return 0
}
