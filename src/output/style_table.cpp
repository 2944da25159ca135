#include "output/style_table.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

namespace geoevent::output::detail {

namespace {

// Runs a statement that returns no rows, or reads the first column of the first row.
std::string execute(GDALDataset& dataset, const std::string& sql, const Where& where,
                    const std::string& what) {
    CPLErrorReset();
    std::string first;
    if (OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr)) {
        if (OGRFeatureUniquePtr row{result->GetNextFeature()})
            if (row->GetFieldCount() > 0) first = row->GetFieldAsString(0);
        dataset.ReleaseResultSet(result);
    }
    if (CPLGetLastErrorType() >= CE_Failure) throw gdal_error(where, what);
    return first;
}

// QGIS creates the table through OGR as an attribute table with these columns; creating
// it the same way keeps QGIS's "Save as default" working on our files.
void create_gpkg_table(GDALDataset& dataset, const Where& where) {
    const char* const options[] = {"FID=id", nullptr};
    OGRLayer* table = dataset.CreateLayer("layer_styles", nullptr, wkbNone,
                                          const_cast<char**>(options));
    if (table == nullptr) throw gdal_error(where, "cannot create the layer_styles table");
    struct Column {
        const char* name;
        OGRFieldType type;
        int width;
    };
    const Column columns[] = {
        {"f_table_catalog", OFTString, 256}, {"f_table_schema", OFTString, 256},
        {"f_table_name", OFTString, 256},    {"f_geometry_column", OFTString, 256},
        {"styleName", OFTString, 30},        {"styleQML", OFTString, 0},
        {"styleSLD", OFTString, 0},          {"useAsDefault", OFTInteger, 0},
        {"description", OFTString, 0},      {"owner", OFTString, 30},
        {"ui", OFTString, 30},               {"update_time", OFTDateTime, 0}};
    for (const auto& c : columns) {
        OGRFieldDefn field(c.name, c.type);
        field.SetWidth(c.width);
        if (c.type == OFTInteger) field.SetSubType(OFSTBoolean);
        if (c.type == OFTDateTime) field.SetDefault("CURRENT_TIMESTAMP");
        if (table->CreateField(&field) != OGRERR_NONE)
            throw gdal_error(where, std::string("cannot create layer_styles.") + c.name);
    }
}

// The layer's rows in layer_styles, as QGIS matches them.
std::string match(const std::string& catalog, const std::string& schema, const std::string& table,
                  const std::string& geometry_column, bool postgres) {
    return "f_table_catalog = " + catalog + " AND f_table_schema = " + schema +
           " AND f_table_name = " + sql_literal(table, postgres) +
           " AND f_geometry_column = " + sql_literal(geometry_column, postgres);
}

// Our earlier row for the layer (an append or overwrite replaces it, never adds one).
std::string delete_ours(const std::string& layer_rows, bool postgres) {
    return "DELETE FROM layer_styles WHERE " + layer_rows +
           " AND styleName = " + sql_literal(style_name, postgres);
}

}  // namespace

std::string sql_literal(const std::string& text, bool postgres) {
    std::string out = postgres ? "E'" : "'";
    for (char c : text) {
        if (c == '\'') out += "''";
        else if (c == '\\' && postgres) out += "\\\\";
        else out += c;
    }
    return out + "'";
}

void store_file_style(GDALDataset& dataset, OGRLayer& layer, const StoredStyle& style,
                      const Where& where) {
    if (dataset.GetLayerByName("layer_styles") == nullptr) create_gpkg_table(dataset, where);
    CPLErrorReset();  // GetLayerByName reports a missing table as an error
    // GeoPackage has no catalog or schema; QGIS stores empty strings for both.
    std::string layer_rows =
        match("''", "''", layer.GetName(), layer.GetGeometryColumn(), false);
    execute(dataset, delete_ours(layer_rows, false), where,
            "cannot replace the layer's style in layer_styles");
    std::string user_default = "EXISTS (SELECT 1 FROM layer_styles WHERE " + layer_rows +
                               " AND useAsDefault)";
    execute(dataset,
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
            "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, "
            "update_time) SELECT '', '', " +
                sql_literal(layer.GetName(), false) + ", " +
                sql_literal(layer.GetGeometryColumn(), false) + ", " +
                sql_literal(style_name, false) + ", " + sql_literal(style.qml, false) + ", " +
                sql_literal(style.sld, false) + ", NOT " + user_default + ", " +
                sql_literal(style.description, false) +
                ", '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            where, "cannot store the layer's style in layer_styles");
}

PgTable pg_table(GDALDataset& dataset, OGRLayer& layer, const Where& where) {
    PgTable table;
    table.catalog = execute(dataset, "SELECT current_database()", where, "cannot query the database");
    std::string name = layer.GetName();
    auto dot = name.find('.');
    table.schema = dot == std::string::npos
                       ? execute(dataset, "SELECT current_schema()", where, "cannot query the schema")
                       : name.substr(0, dot);
    table.table = dot == std::string::npos ? name : name.substr(dot + 1);
    return table;
}

void store_pg_style(GDALDataset& dataset, const PgTable& table, const std::string& geometry_column,
                    const StoredStyle& style, const Where& where) {
    // The table as QGIS creates it, so that QGIS can save further styles into it.
    execute(dataset,
            "CREATE TABLE IF NOT EXISTS layer_styles (id SERIAL PRIMARY KEY, "
            "f_table_catalog varchar, f_table_schema varchar, f_table_name varchar, "
            "f_geometry_column varchar, styleName text, styleQML xml, styleSLD xml, "
            "useAsDefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, "
            "ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)",
            where, "cannot create the layer_styles table");
    std::string layer_rows = match(sql_literal(table.catalog, true), sql_literal(table.schema, true),
                                   table.table, geometry_column, true);
    execute(dataset, delete_ours(layer_rows, true), where,
            "cannot replace the layer's style in layer_styles");
    // `type` stays null: QGIS then uses the style whatever geometry type it detects.
    // XMLPARSE(DOCUMENT ...) because the QML starts with a DOCTYPE, which xml's default
    // CONTENT mode rejects.
    execute(dataset,
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
            "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description) "
            "SELECT " +
                sql_literal(table.catalog, true) + ", " + sql_literal(table.schema, true) + ", " +
                sql_literal(table.table, true) + ", " +
                sql_literal(geometry_column, true) + ", " +
                sql_literal(style_name, true) + ", XMLPARSE(DOCUMENT " +
                sql_literal(style.qml, true) + "), XMLPARSE(DOCUMENT " +
                sql_literal(style.sld, true) + "), NOT EXISTS (SELECT 1 FROM layer_styles WHERE " +
                layer_rows + " AND useAsDefault), " + sql_literal(style.description, true),
            where, "cannot store the layer's style in layer_styles");
}

}  // namespace geoevent::output::detail
