geoevent_add_test_module(cli SOURCES cli/cli_test.cpp cli/help_test.cpp cli/extract_scale_test.cpp LIBS geoevent_cli)
add_dependencies(geoevent_cli_tests geoevent)
# End-to-end: the built binary as a user runs it.
add_test(NAME "cli-e2e: --help lists every command" COMMAND geoevent --help)
set_tests_properties("cli-e2e: --help lists every command" PROPERTIES LABELS cli
  PASS_REGULAR_EXPRESSION "extract.*toponyms.*control.*eval.*version.*gazetteer")
add_test(NAME "cli-e2e: unknown command exits 2 with a hint" COMMAND ${CMAKE_COMMAND}
  -DEXE=$<TARGET_FILE:geoevent> -DARGS=nonsense -DEXPECT_CODE=2 -DEXPECT_ERR=hint:
  -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect_exit.cmake)
set_tests_properties("cli-e2e: unknown command exits 2 with a hint" PROPERTIES LABELS cli)
