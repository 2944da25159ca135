#include "output/postgres.hpp"

#include <string>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "output/gdal_util.hpp"

namespace geoevent::output::detail {

namespace {

std::string quote_identifier(const std::string& name) {
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace

void ensure_unique_index(GDALDataset& dataset, OGRLayer& layer, int field, const Where& where) {
    // GDAL names a table outside the search path "schema.table".
    std::string name = layer.GetName();
    auto dot = name.find('.');
    std::string table = dot == std::string::npos ? name : name.substr(dot + 1);
    std::string qualified = dot == std::string::npos
                                ? quote_identifier(name)
                                : quote_identifier(name.substr(0, dot)) + "." +
                                      quote_identifier(table);
    std::string column = layer.GetLayerDefn()->GetFieldDefn(field)->GetNameRef();
    // PostgreSQL truncates identifiers to 63 bytes; an over-long name would still be unique
    // per table in practice, and IF NOT EXISTS compares the truncated name.
    std::string index = (table + "_" + column + "_key").substr(0, 63);
    std::string sql = "CREATE UNIQUE INDEX IF NOT EXISTS " + quote_identifier(index) + " ON " +
                      qualified + " (" + quote_identifier(column) + ")";
    CPLErrorReset();
    if (OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr))
        dataset.ReleaseResultSet(result);
    if (CPLGetLastErrorType() >= CE_Failure)
        throw gdal_error(where, "cannot create the unique index on '" + column + "'",
                         "remove the duplicate values from the table, or write with --overwrite");
}

}  // namespace geoevent::output::detail
