geoevent_add_test_module(pipeline SOURCES
  pipeline/event_merger_test.cpp
  pipeline/extract_pipeline_test.cpp
  pipeline/shard_test.cpp
  pipeline/worker_pool_test.cpp)
if(TARGET geoevent_default_index)
  add_dependencies(geoevent_pipeline_tests geoevent_default_index)
endif()
