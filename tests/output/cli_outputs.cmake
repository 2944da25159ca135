# End to end through the built binary: what `extract` and `control` tell a user about an
# existing output, and that --qgis-project writes a project next to it.
#   cmake -DEXE=geoevent -DEXAMPLE=boukamal.fr.txt -DWORK=dir -P cli_outputs.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
function(run expect_code)
  execute_process(COMMAND ${EXE} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expect_code)
    message(FATAL_ERROR "${ARGN}: exit code ${code}, expected ${expect_code}\n${err}")
  endif()
  set(err "${err}" PARENT_SCOPE)
endfunction()

run(0 extract ${EXAMPLE} -o ${WORK}/events.gpkg --qgis-project --quiet)
if(NOT EXISTS ${WORK}/events.qgs)
  message(FATAL_ERROR "--qgis-project wrote no ${WORK}/events.qgs")
endif()
file(READ ${WORK}/events.qgs project)
if(NOT project MATCHES "<datasource>./events.gpkg\\|layername=events</datasource>")
  message(FATAL_ERROR "the project does not reference ./events.gpkg:\n${project}")
endif()

# The project exists: refused before any work, like the output itself.
run(2 extract ${EXAMPLE} -o ${WORK}/other.gpkg --qgis-project ${WORK}/events.qgs --quiet)
if(NOT err MATCHES "events.qgs already exists" OR EXISTS ${WORK}/other.gpkg)
  message(FATAL_ERROR "an existing project was not refused up front:\n${err}")
endif()

# `control` has no --append, so its hint must not offer it (it did: issue #6).
run(0 control ${WORK}/events.gpkg --as-of 2017-11-10 -o ${WORK}/control.gpkg --quiet)
run(2 control ${WORK}/events.gpkg --as-of 2017-11-10 -o ${WORK}/control.gpkg --quiet)
if(NOT err MATCHES "already exists" OR NOT err MATCHES "hint: add --overwrite" OR err MATCHES "--append")
  message(FATAL_ERROR "control's hint for an existing output:\n${err}")
endif()

# A database output has no "next to": the project path must be given.
run(2 control ${WORK}/events.gpkg -o "PG:dbname=none" --qgis-project --quiet)
if(NOT err MATCHES "needs a file name")
  message(FATAL_ERROR "--qgis-project with a PG: output:\n${err}")
endif()
