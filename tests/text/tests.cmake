if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/name_keys_test.cpp)
  geoevent_add_test_module(text SOURCES text/name_keys_test.cpp LIBS ICU::uc)
endif()
