#pragma once
// Rows of a new GeoPackage layer inserted through SQLite's C API instead of OGR's
// CreateFeature: one prepared INSERT re-used per row, on GDAL's own connection to the
// staged file and inside its transactions, with values encoded exactly as GDAL 3.6
// encodes them (dates 'YYYY-MM-DD', date-times 'YYYY-MM-DDTHH:MM:SS.sssZ', geometry blobs
// of gpkg_blob.hpp). GDAL still creates the file, the table, its columns and metadata;
// OGR's per-feature bookkeeping, about half the cost of a row, is what this skips.
//
// Rows go in by `rows_per_statement` at a time ("INSERT ... SELECT * FROM (VALUES (...),
// (...), ...) LIMIT ?"): SQLite's cost per statement (opening cursors, the AUTOINCREMENT
// bookkeeping in sqlite_sequence, step and reset) is then paid once per batch instead of
// once per row. The batch's values are copied into one reused buffer and bound from it
// without another copy (SQLite would malloc and free each text it copies, under a mutex);
// a partial batch is inserted by flush().
//
// GDAL does not see these rows, so what it would have recorded at close is recorded by
// finish_direct_layers() once it has closed the file.
#include <cstdint>
#include <string>
#include <vector>

#include "geoevent/output/feature.hpp"
#include "geoevent/output/schema.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace geoevent::output::detail {

class GpkgDirectInsert {
public:
    // `db` is GDAL's connection; GDAL has created `table` (SyncToDisk) with the FID as its
    // rowid, `geometry_column` (empty: none) and `columns`, of `types`, in that order.
    // Drops the table's feature-count triggers, which would otherwise run an UPDATE per
    // row (GDAL drops them too while it inserts); triggers() has them for putting back.
    // Throws std::runtime_error with SQLite's message.
    GpkgDirectInsert(sqlite3* db, std::string table, const std::string& geometry_column,
                     const std::vector<std::string>& columns, std::vector<FieldType> types,
                     int rows_per_statement = 64);
    ~GpkgDirectInsert();
    GpkgDirectInsert(const GpkgDirectInsert&) = delete;
    GpkgDirectInsert& operator=(const GpkgDirectInsert&) = delete;

    // The layer's srs_id in gpkg_geometry_columns, for the geometry blobs.
    std::int32_t srs_id() const noexcept { return m_srs_id; }

    // Adds one row; `values` passed value_mismatch() for `types`, `blob` is the geometry
    // (null: none). Returns the FID the row gets (the table's rowids are consecutive:
    // only this inserter writes it). The row reaches the table with its batch, or with
    // flush(), which must precede any commit. std::runtime_error on failure.
    std::int64_t insert(const std::vector<Value>& values, const std::string* blob);
    void flush();

    const std::string& table() const noexcept { return m_table; }
    std::uint64_t rows() const noexcept { return m_rows; }  // inserted so far (flushed)
    const std::vector<std::string>& triggers() const noexcept { return m_triggers; }

private:
    void run(int rows);

    // A value of the batch, bound when the batch is complete.
    struct Param {
        enum Kind : unsigned char { null, integer, real, text, blob } kind = null;
        std::int64_t integer_value = 0;
        double real_value = 0;
        std::size_t offset = 0, length = 0;  // in m_bytes
    };
    Param& param(int row_column) { return m_params[std::size_t(row_column)]; }
    void put_bytes(Param& p, Param::Kind kind, const char* data, std::size_t length);

    sqlite3* m_db;
    sqlite3_stmt* m_insert = nullptr;
    std::string m_table;
    std::vector<FieldType> m_types;
    bool m_has_geometry;
    int m_columns;             // parameters per row
    int m_rows_per_statement;
    int m_pending = 0;         // rows bound, not yet inserted
    std::int32_t m_srs_id = 0;
    std::int64_t m_next_fid = 1;
    std::uint64_t m_rows = 0;
    std::vector<std::string> m_triggers;  // CREATE TRIGGER statements, as GDAL wrote them
    std::vector<Param> m_params;          // rows_per_statement x columns
    std::string m_bytes;                  // the batch's texts and blobs
};

// What close() records for a directly written layer.
struct DirectLayerSummary {
    std::string table;
    std::uint64_t rows = 0;
    bool has_extent = false;
    double extent[4] = {0, 0, 0, 0};  // min x, min y, max x, max y
    std::vector<std::string> triggers;
};

// On the GeoPackage at `path`, closed by GDAL: what GDAL records at close for a layer it
// inserted rows into — gpkg_contents' extent and last_change (`last_change`, or now as
// GDAL formats it when empty), gpkg_ogr_contents' feature count — and puts the dropped
// feature-count triggers back. A layer without rows is left as GDAL left it (a NULL
// count, as GDAL writes for an empty layer). One transaction; std::runtime_error.
void finish_direct_layers(const std::string& path, const std::vector<DirectLayerSummary>& layers,
                          const std::string& last_change);

}  // namespace geoevent::output::detail
