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
# The lexicon sits next to the default gazetteer (<bin>/../share/geoevent/lexicon) in the
# build tree as in an install (cmake/Install.cmake installs lexicon/), so the CLI finds
# both the same way.
foreach(lang fr en)
  configure_file(${PROJECT_SOURCE_DIR}/lexicon/toponyms.${lang}.json
                 ${CMAKE_BINARY_DIR}/share/geoevent/lexicon/toponyms.${lang}.json COPYONLY)
endforeach()
