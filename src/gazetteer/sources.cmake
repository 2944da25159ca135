target_sources(geoevent_core PRIVATE
  gazetteer/geonames_reader.cpp
  gazetteer/index.cpp
  gazetteer/index_builder.cpp
  gazetteer/overlay.cpp
  gazetteer/ranking.cpp
)
target_sources(geoevent_core PRIVATE gazetteer/refresh.cpp gazetteer/refresh_lock.cpp)
