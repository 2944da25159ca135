#pragma once
// Stores a layer's default QGIS style where QGIS looks for one when the layer is opened:
// the `layer_styles` table (QGIS's own layout, shared with styles users save themselves)
// of a GeoPackage / SQLite file or of a PostgreSQL database.
#include <string>

#include "output/gdal_util.hpp"

class GDALDataset;
class OGRLayer;

namespace geoevent::output::detail {

// The name of our row in layer_styles; a user's own styles of the layer are left alone.
inline constexpr const char* style_name = "geoevent";

struct StoredStyle {
    std::string qml;
    std::string sld;
    std::string description;
};

// Where QGIS looks up a PostgreSQL layer's style (and finds its table).
struct PgTable {
    std::string catalog;  // the database
    std::string schema;
    std::string table;
};

// Replaces our style row of `layer` and makes it the default unless the user chose
// another default style for the layer. GPKG/SQLite: creates layer_styles as QGIS does
// (registered as an attribute table); must be called outside a transaction. PostgreSQL:
// runs inside the writer's transaction. Throw GdalError naming `where`.
void store_file_style(GDALDataset& dataset, OGRLayer& layer, const StoredStyle& style,
                      const Where& where);
void store_pg_style(GDALDataset& dataset, const PgTable& table, const std::string& geometry_column,
                    const StoredStyle& style, const Where& where);

// Where a PostgreSQL layer's table is (GDAL names one outside the search path
// "schema.table", others by their bare name).
PgTable pg_table(GDALDataset& dataset, OGRLayer& layer, const Where& where);

// 'text' as an SQL literal, E'' form so it reads the same whatever
// standard_conforming_strings says (SQLite has no E'' and gets plain quotes).
std::string sql_literal(const std::string& text, bool postgres);

}  // namespace geoevent::output::detail
