target_sources(geoevent_core PRIVATE
  io/atomic_file.cpp
  io/line_reader.cpp
  io/mapped_file.cpp
  io/spill_file.cpp
)
target_sources(geoevent_core PRIVATE io/article_reader.cpp io/article_json_fast.cpp)
target_sources(geoevent_core PRIVATE io/input_walker.cpp)
