target_sources(geoevent_core PRIVATE
  pipeline/event_merger.cpp
  pipeline/event_spill.cpp
  pipeline/extract_pipeline.cpp
  pipeline/partial_events.cpp
  pipeline/resume.cpp
  pipeline/shard.cpp
  pipeline/worker_pool.cpp
)
