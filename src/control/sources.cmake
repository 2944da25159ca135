target_sources(geoevent_core PRIVATE
  control/areas.cpp
  control/boundaries.cpp
  control/event_reader.cpp
  control/history.cpp
)
# The country boundaries sit next to the default gazetteer (<bin>/../share/geoevent),
# in the build tree as in an install (cmake/Install.cmake installs that directory).
configure_file(${PROJECT_SOURCE_DIR}/gazetteer/boundaries/countries.geojson
               ${CMAKE_BINARY_DIR}/share/geoevent/boundaries/countries.geojson COPYONLY)
