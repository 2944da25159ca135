target_sources(geoevent_core PRIVATE
  event/dates.cpp
  event/eval.cpp
  event/extractor.cpp
  event/lexicon.cpp
  event/words.cpp
)
# Event lexicons sit next to the toponym ones (<bin>/../share/geoevent/lexicon).
foreach(lang fr en)
  configure_file(${PROJECT_SOURCE_DIR}/lexicon/events.${lang}.json
                 ${CMAKE_BINARY_DIR}/share/geoevent/lexicon/events.${lang}.json COPYONLY)
endforeach()
