target_sources(geoevent_core PRIVATE
  output/dataset_writer.cpp
  output/drivers.cpp
  output/field_values.cpp
  output/gdal_util.cpp
  output/geometry.cpp
  output/layer_state.cpp
  output/postgres.cpp
  output/schema.cpp
  output/srs.cpp
  output/staging_dir.cpp
  output/writer_layers.cpp
  output/writer_open.cpp
)
