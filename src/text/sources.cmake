target_sources(geoevent_core PRIVATE text/utf8.cpp)
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/name_keys.cpp)
  target_sources(geoevent_core PRIVATE text/name_keys.cpp)
endif()
