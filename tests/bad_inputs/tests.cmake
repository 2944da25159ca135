# The bad-input catalogue: every case of bad_inputs/cases.txt is one CTest test, run against
# the built binary exactly as a user would meet it.
file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/bad_inputs/cases.txt geoevent_bad_input_lines REGEX "^[a-z0-9-]+ \\| ")
foreach(line IN LISTS geoevent_bad_input_lines)
  string(REGEX MATCH "^[a-z0-9-]+" case_id "${line}")
  add_test(NAME "bad-input: ${case_id}"
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/bad_inputs/run_case.sh $<TARGET_FILE:geoevent> ${PROJECT_SOURCE_DIR}
                   ${GEOEVENT_DEFAULT_INDEX} ${case_id})
  set_tests_properties("bad-input: ${case_id}" PROPERTIES LABELS bad_inputs)
endforeach()
