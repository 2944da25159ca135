geoevent_add_test_module(control SOURCES
  control/history_test.cpp
  control/areas_test.cpp
  control/control_cli_test.cpp
  LIBS geoevent_cli GEOS::geos_c GDAL::GDAL)
# The end-to-end test runs `extract`, which needs the default index.
if(TARGET geoevent_default_index)
  add_dependencies(geoevent_control_tests geoevent_default_index)
endif()
