geoevent_add_test_module(event SOURCES
  event/dates_test.cpp
  event/fuzz_regressions_test.cpp
  event/segments_test.cpp
  event/words_test.cpp
  event/dev_set_test.cpp
  event/extract_example_test.cpp
  event/extractor_patterns_test.cpp
  event/eval_test.cpp
  event/lexicon_test.cpp
  LIBS geoevent_cli
)
if(TARGET geoevent_default_index)
  add_dependencies(geoevent_event_tests geoevent_default_index)
endif()
