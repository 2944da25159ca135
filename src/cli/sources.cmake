target_sources(geoevent_cli PRIVATE
  command_eval.cpp
  command_toponyms.cpp
)
target_sources(geoevent_cli PRIVATE command_control.cpp)
target_sources(geoevent_cli PRIVATE extract_progress.cpp)
target_sources(geoevent_cli PRIVATE rejects_log.cpp)
