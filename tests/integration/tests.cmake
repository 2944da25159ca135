# QGIS end to end (label `integration`): geoevent's outputs as QGIS itself opens, styles and
# renders them. Debian's PyQGIS runs only under the system Python, whatever python3 is
# first on PATH. Exit 77 = skipped: no PyQGIS (scripts/install-deps.sh --with-integration),
# or no PostGIS server, which then is reported after the file checks have passed.
set(_qgis_test "integration: QGIS opens, styles and renders the Boukamal layers")
add_test(NAME ${_qgis_test}
  COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=${CMAKE_CURRENT_BINARY_DIR}/integration-xdg
          /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/integration/qgis_layers_test.py
          --geoevent $<TARGET_FILE:geoevent> --example ${PROJECT_SOURCE_DIR}/examples/boukamal.fr.txt
          --work ${CMAKE_CURRENT_BINARY_DIR}/integration-work)
set_tests_properties(${_qgis_test} PROPERTIES LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 300)
if(_pg_dir)  # the PostGIS server of tests/output/tests.cmake
  set_tests_properties(${_qgis_test} PROPERTIES FIXTURES_REQUIRED pg RESOURCE_LOCK pg
    ENVIRONMENT "GEOEVENT_TEST_PG=PG:host=${_pg_dir} port=5439 dbname=geoevent_test user=postgres")
endif()
