target_sources(geoevent_core PRIVATE
  event/compiled_lexicon.cpp
  event/dates.cpp
  event/eval.cpp
  event/extractor.cpp
  event/lexicon.cpp
  event/merge.cpp
  event/segments.cpp
  event/sentence_scan.cpp
  event/words.cpp
)
