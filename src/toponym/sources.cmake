target_sources(geoevent_core PRIVATE
  toponym/chars.cpp
  toponym/eval.cpp
  toponym/gazetteer_view.cpp
  toponym/geoparser.cpp
  toponym/json_io.cpp
  toponym/lexicon.cpp
  toponym/resolver.cpp
  toponym/tagger.cpp
  toponym/tokenizer.cpp
)
