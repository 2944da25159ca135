geoevent_add_test_module(toponym SOURCES
  toponym/tokenizer_test.cpp
  toponym/geoparser_test.cpp
  toponym/eval_test.cpp
  toponym/dev_set_test.cpp
  toponym/toponyms_cli_test.cpp
  toponym/fast_paths_test.cpp
  toponym/tokenizer_scan_test.cpp
  toponym/json_output_test.cpp
  toponym/tagger_probe_test.cpp
  toponym/resolver_detail_test.cpp
  LIBS geoevent_cli)
if(TARGET geoevent_default_index)
  add_dependencies(geoevent_toponym_tests geoevent_default_index)
endif()
