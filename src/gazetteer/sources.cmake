target_sources(geoevent_core PRIVATE
  gazetteer/geonames_reader.cpp
  gazetteer/index.cpp
  gazetteer/index_builder.cpp
  gazetteer/name_batch.cpp
  gazetteer/overlay.cpp
  gazetteer/place_reader.cpp
  gazetteer/place_store.cpp
  gazetteer/posting_sort.cpp
  gazetteer/ranking.cpp
  gazetteer/section_writer.cpp
  gazetteer/slot_table.cpp
  gazetteer/spill_file.cpp
  gazetteer/string_pool.cpp
)
target_sources(geoevent_core PRIVATE gazetteer/refresh.cpp gazetteer/refresh_lock.cpp)
