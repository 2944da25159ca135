target_sources(geoevent_core PRIVATE
  event/dates.cpp
  event/eval.cpp
  event/extractor.cpp
  event/lexicon.cpp
  event/segments.cpp
  event/words.cpp
)
