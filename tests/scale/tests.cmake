# Scale: the built binary on generated corpora, run as users run it, with real processes
# (a Dask scheduler and workers, a PostGIS server). Debian's python3 runs them, since it is
# the one that sees python3-distributed (scripts/install-deps.sh --with-scale).
set(_scale_py /usr/bin/python3)
set(_scale_corpus ${PROJECT_SOURCE_DIR}/bench/make_events_corpus.py)
set(_scale_memory_args)
if(GEOEVENT_SANITIZE)
  set(_scale_memory_args --skip-memory)  # see threads_memory_test.py
endif()

add_test(NAME "scale: --threads 1 and 2 give the same bytes, and memory stays flat on a 10x corpus"
  COMMAND ${_scale_py} ${CMAKE_CURRENT_SOURCE_DIR}/scale/threads_memory_test.py
          --geoevent $<TARGET_FILE:geoevent> --corpus-tool ${_scale_corpus}
          --work ${CMAKE_CURRENT_BINARY_DIR}/scale-threads ${_scale_memory_args})
set_tests_properties("scale: --threads 1 and 2 give the same bytes, and memory stays flat on a 10x corpus"
  PROPERTIES LABELS scale TIMEOUT 1200 RUN_SERIAL TRUE)

if(_pg_bins)
  add_test(NAME "scale: 4 Dask workers into one PostGIS, one killed, equal a single run"
    COMMAND ${_scale_py} ${CMAKE_CURRENT_SOURCE_DIR}/scale/dask_postgis_test.py
            --geoevent $<TARGET_FILE:geoevent> --corpus-tool ${_scale_corpus}
            --work ${CMAKE_CURRENT_BINARY_DIR}/scale-dask)
  # Reuses the PostGIS server of the output tests (fixture `pg`); 77 = python3-distributed
  # is not installed, reported as skipped rather than passed.
  set_tests_properties("scale: 4 Dask workers into one PostGIS, one killed, equal a single run"
    PROPERTIES LABELS scale TIMEOUT 900 FIXTURES_REQUIRED pg RESOURCE_LOCK pg SKIP_RETURN_CODE 77
               ENVIRONMENT "GEOEVENT_TEST_PG=PG:host=${_pg_dir} port=5439 dbname=geoevent_test user=postgres")
endif()
