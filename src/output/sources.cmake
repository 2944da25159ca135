target_sources(geoevent_core PRIVATE
  output/dataset_writer.cpp
  output/drivers.cpp
  output/field_values.cpp
  output/gdal_util.cpp
  output/geometry.cpp
  output/gpkg_blob.cpp
  output/gpkg_direct.cpp
  output/gpkg_rtree.cpp
  output/id_set.cpp
  output/layer_state.cpp
  output/postgres.cpp
  output/qgis_project.cpp
  output/qgis_style.cpp
  output/rtree_pack.cpp
  output/schema.cpp
  output/sqlite_util.cpp
  output/sources_table.cpp
  output/srs.cpp
  output/staging_dir.cpp
  output/style_table.cpp
  output/writer_layers.cpp
  output/writer_open.cpp
  output/writer_styles.cpp
)

# A new GeoPackage layer's rows (gpkg_direct.cpp) and its spatial index (gpkg_rtree.cpp)
# are written through SQLite's C API.
find_package(SQLite3 REQUIRED)
target_link_libraries(geoevent_core PRIVATE SQLite::SQLite3)
