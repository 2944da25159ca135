geoevent_add_test_module(output SOURCES
  output/roundtrip_test.cpp
  output/reprojection_test.cpp
  output/append_test.cpp
  output/safety_test.cpp
  output/errors_test.cpp
  output/postgres_test.cpp
  LIBS GDAL::GDAL PROJ::proj)
