# System-level fault tests (tests/faults/faults.sh): the built binary under real faults.
foreach(fault disk-full kill-extract readonly-dir input-deleted index-replaced)
  add_test(NAME "fault: ${fault}"
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/faults/faults.sh $<TARGET_FILE:geoevent> ${PROJECT_SOURCE_DIR}
                   ${GEOEVENT_DEFAULT_INDEX} ${fault})
  set_tests_properties("fault: ${fault}" PROPERTIES LABELS faults TIMEOUT 300)
endforeach()
# No quadratic behaviour on pathological text (1 M repetitions of a name, an alias, an event).
add_test(NAME "fault: linear time on pathological text"
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/faults/linear_time.py $<TARGET_FILE:geoevent>)
set_tests_properties("fault: linear time on pathological text" PROPERTIES LABELS faults TIMEOUT 900)
