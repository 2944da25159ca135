geoevent_add_test_module(output SOURCES
  output/roundtrip_test.cpp
  output/reprojection_test.cpp
  output/append_test.cpp
  output/safety_test.cpp
  output/errors_test.cpp
  output/qgis_style_test.cpp
  output/qgis_project_test.cpp
  output/spatial_index_test.cpp
  output/direct_insert_test.cpp
  output/id_set_test.cpp
  output/sources_table_test.cpp
  LIBS GDAL::GDAL PROJ::proj)

# PostgreSQL/PostGIS: a real server, started by CTest for these tests and stopped after.
file(GLOB _pg_bins /usr/lib/postgresql/*/bin/initdb)
if(_pg_bins)
  set(_pg_dir ${CMAKE_BINARY_DIR}/pg-test-server)
  add_test(NAME output-pg-start COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/output/pg_server.sh start ${_pg_dir})
  add_test(NAME output-pg-stop COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/output/pg_server.sh stop ${_pg_dir})
  set_tests_properties(output-pg-start PROPERTIES FIXTURES_SETUP pg LABELS output)
  set_tests_properties(output-pg-stop PROPERTIES FIXTURES_CLEANUP pg LABELS output)
  geoevent_add_test_module(output_pg LABEL output SOURCES output/postgres_test.cpp output/postgres_style_test.cpp LIBS GDAL::GDAL PROJ::proj
    PROPERTIES FIXTURES_REQUIRED pg RESOURCE_LOCK pg
               ENVIRONMENT "GEOEVENT_TEST_PG=PG:host=${_pg_dir} port=5439 dbname=geoevent_test user=postgres")
else()
  message(STATUS "PostgreSQL server binaries not found: PostGIS output tests skipped (scripts/install-deps.sh installs them)")
endif()

add_test(NAME "output-cli: existing outputs, control's hint, --qgis-project"
  COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:geoevent> -DEXAMPLE=${PROJECT_SOURCE_DIR}/examples/boukamal.fr.txt
          -DWORK=${CMAKE_CURRENT_BINARY_DIR}/output-cli-work -P ${CMAKE_CURRENT_SOURCE_DIR}/output/cli_outputs.cmake)
set_tests_properties("output-cli: existing outputs, control's hint, --qgis-project" PROPERTIES LABELS output)

add_test(NAME "output-cli: -o - streams GeoJSONSeq to stdout"
  COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:geoevent> -DEXAMPLE=${PROJECT_SOURCE_DIR}/examples/boukamal.fr.txt
          -DWORK=${CMAKE_CURRENT_BINARY_DIR}/output-stdout-work -P ${CMAKE_CURRENT_SOURCE_DIR}/output/stdout_stream.cmake)
set_tests_properties("output-cli: -o - streams GeoJSONSeq to stdout" PROPERTIES LABELS output)
