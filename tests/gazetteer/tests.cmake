geoevent_add_test_module(gazetteer SOURCES
  gazetteer/build_memory_test.cpp
  gazetteer/geonames_reader_test.cpp
  gazetteer/index_test.cpp
  gazetteer/overlay_test.cpp
  gazetteer/place_reader_test.cpp
  gazetteer/embedded_lookup_test.cpp
  gazetteer/refresh_test.cpp
  gazetteer/section_writer_test.cpp
  LIBS geoevent_cli
)
add_dependencies(geoevent_gazetteer_tests geoevent)
if(TARGET geoevent_default_index)
  add_dependencies(geoevent_gazetteer_tests geoevent_default_index)
endif()
