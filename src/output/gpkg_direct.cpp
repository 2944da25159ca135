#include "output/gpkg_direct.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <stdexcept>
#include <variant>

#include "output/sqlite_util.hpp"

namespace geoevent::output::detail {

using namespace sqlite;

namespace {

// GDAL's names for the triggers that keep gpkg_ogr_contents.feature_count up to date.
std::vector<std::string> feature_count_triggers(const std::string& table) {
    return {"trigger_insert_feature_count_" + table, "trigger_delete_feature_count_" + table};
}

std::int32_t layer_srs_id(sqlite3* db, const std::string& table) {
    Statement q = prepare(db, "SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)");
    sqlite3_bind_text(q.get(), 1, table.c_str(), int(table.size()), SQLITE_STATIC);
    if (sqlite3_step(q.get()) != SQLITE_ROW)
        throw std::runtime_error("no gpkg_geometry_columns row for " + table);
    return sqlite3_column_int(q.get(), 0);
}

}  // namespace

GpkgDirectInsert::GpkgDirectInsert(sqlite3* db, std::string table, const std::string& geometry_column,
                                   const std::vector<std::string>& columns, std::vector<FieldType> types,
                                   int rows_per_statement)
    : m_db(db), m_table(std::move(table)), m_types(std::move(types)),
      m_has_geometry(!geometry_column.empty()),
      m_columns(int(m_types.size()) + (m_has_geometry ? 1 : 0)),
      m_rows_per_statement(std::max(1, rows_per_statement)),
      m_params(std::size_t(m_rows_per_statement) * std::size_t(m_columns)) {
    if (columns.size() != m_types.size()) throw std::logic_error("GpkgDirectInsert: columns and types differ");
    if (m_columns == 0) throw std::logic_error("GpkgDirectInsert: a table without columns");
    if (m_has_geometry) m_srs_id = layer_srs_id(db, m_table);

    for (const auto& name : feature_count_triggers(m_table)) {
        Statement q = prepare(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
        sqlite3_bind_text(q.get(), 1, name.c_str(), int(name.size()), SQLITE_STATIC);
        if (sqlite3_step(q.get()) != SQLITE_ROW) continue;
        m_triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0)));
        q.reset();
        exec(db, "DROP TRIGGER " + quoted(name));
    }
    {
        // AUTOINCREMENT: the next rowid is one past the largest ever used.
        Statement q = prepare(db, "SELECT max(coalesce((SELECT max(rowid) FROM " + quoted(m_table) +
                                      "), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = " +
                                      literal(m_table) + "), 0))");
        if (sqlite3_step(q.get()) != SQLITE_ROW) fail(db, "cannot read the last FID of " + m_table);
        m_next_fid = sqlite3_column_int64(q.get(), 0) + 1;
    }

    std::string names, row;
    auto add = [&](const std::string& column) {
        names += (names.empty() ? "" : ", ") + quoted(column);
        row += row.empty() ? "(?" : ", ?";
    };
    if (m_has_geometry) add(geometry_column);
    for (const auto& column : columns) add(column);
    row += ")";
    std::string values;
    for (int i = 0; i < m_rows_per_statement; ++i) values += (i ? ", " : "") + row;
    // The LIMIT lets one statement insert a partial batch too (the other rows' stale
    // bindings are never read).
    m_insert = prepare(db, "INSERT INTO " + quoted(m_table) + " (" + names + ") SELECT * FROM (VALUES " +
                               values + ") LIMIT ?")
                   .release();
}

GpkgDirectInsert::~GpkgDirectInsert() { sqlite3_finalize(m_insert); }

namespace {

// Digits of a non-negative number, zero-padded to `width` (snprintf's %0Nd for the
// ranges value_mismatch() lets through), at `out`; returns the end.
char* digits(char* out, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = char('0' + value % 10);
    return out + width;
}

}  // namespace

void GpkgDirectInsert::put_bytes(Param& p, Param::Kind kind, const char* data, std::size_t length) {
    p.kind = kind;
    p.offset = m_bytes.size();
    p.length = length;
    m_bytes.append(data, length);
}

std::int64_t GpkgDirectInsert::insert(const std::vector<Value>& values, const std::string* blob) {
    int k = m_pending * m_columns;
    if (m_has_geometry) {
        Param& p = param(k++);
        if (blob != nullptr) put_bytes(p, Param::blob, blob->data(), blob->size());
        else p.kind = Param::null;
    }
    for (std::size_t i = 0; i < values.size(); ++i, ++k) {
        const Value& v = values[i];
        Param& p = param(k);
        switch (v.index()) {
        case 0: p.kind = Param::null; break;
        case 1: {
            // Up to the first NUL, as OGR keeps strings (C strings).
            const std::string& text = std::get<std::string>(v);
            put_bytes(p, Param::text, text.c_str(), std::strlen(text.c_str()));
            break;
        }
        case 2: {
            auto n = std::get<std::int64_t>(v);
            // An integer accepted into a real field is a real, as OGR converts it.
            if (m_types[i] == FieldType::real) p.kind = Param::real, p.real_value = double(n);
            else p.kind = Param::integer, p.integer_value = n;
            break;
        }
        case 3: p.kind = Param::real, p.real_value = std::get<double>(v); break;
        case 4: {
            // 2017-11-09, GDAL's "%04d-%02d-%02d" for years 1-9999.
            const Date& d = std::get<Date>(v);
            char buf[10];
            char* c = digits(buf, d.year, 4);
            *c++ = '-';
            c = digits(c, d.month, 2);
            *c++ = '-';
            digits(c, d.day, 2);
            put_bytes(p, Param::text, buf, sizeof buf);
            break;
        }
        case 5: {
            // 2017-11-09T10:20:30.000Z: GDAL's OGRGetXMLDateTime() with milliseconds
            // always, for a UTC time; whole seconds 0-60 give "SS.000".
            const DateTime& t = std::get<DateTime>(v);
            char buf[24];
            char* c = digits(buf, t.date.year, 4);
            *c++ = '-';
            c = digits(c, t.date.month, 2);
            *c++ = '-';
            c = digits(c, t.date.day, 2);
            *c++ = 'T';
            c = digits(c, t.hour, 2);
            *c++ = ':';
            c = digits(c, t.minute, 2);
            *c++ = ':';
            c = digits(c, t.second, 2);
            std::memcpy(c, ".000Z", 5);
            put_bytes(p, Param::text, buf, sizeof buf);
            break;
        }
        }
    }
    std::int64_t fid = m_next_fid++;
    if (++m_pending == m_rows_per_statement) run(m_pending);
    return fid;
}

void GpkgDirectInsert::flush() {
    if (m_pending > 0) run(m_pending);
}

void GpkgDirectInsert::run(int rows) {
    sqlite3_stmt* s = m_insert;
    // m_bytes no longer grows during this batch: its pointers are stable until cleared.
    for (int k = 0; k < rows * m_columns; ++k) {
        const Param& p = m_params[std::size_t(k)];
        const char* bytes = m_bytes.data() + p.offset;
        switch (p.kind) {
        case Param::null: sqlite3_bind_null(s, k + 1); break;
        case Param::integer: sqlite3_bind_int64(s, k + 1, p.integer_value); break;
        case Param::real: sqlite3_bind_double(s, k + 1, p.real_value); break;
        case Param::text: sqlite3_bind_text(s, k + 1, bytes, int(p.length), SQLITE_STATIC); break;
        case Param::blob: sqlite3_bind_blob(s, k + 1, bytes, int(p.length), SQLITE_STATIC); break;
        }
    }
    sqlite3_bind_int(s, m_rows_per_statement * m_columns + 1, rows);
    m_pending = 0;  // whatever happens, these rows are spent
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    // A partial batch leaves older rows bound beyond the LIMIT; they point into m_bytes.
    if (rows < m_rows_per_statement) sqlite3_clear_bindings(s);
    m_bytes.clear();
    if (rc != SQLITE_DONE) fail(m_db, "cannot insert into " + m_table);
    m_rows += std::uint64_t(rows);
    // The FIDs handed out must be the ones SQLite gave (an R-tree entry refers to them).
    if (sqlite3_last_insert_rowid(m_db) != m_next_fid - 1)
        throw std::runtime_error("unexpected FIDs in " + m_table);
}

void finish_direct_layers(const std::string& path, const std::vector<DirectLayerSummary>& layers,
                          const std::string& last_change) {
    if (layers.empty()) return;
    Db db = open_staged(path);
    exec(db.get(), "BEGIN");
    try {
        Statement changed = prepare(db.get(), last_change.empty()
                                                  ? "UPDATE gpkg_contents SET last_change = "
                                                    "strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE lower(table_name) = lower(?2)"
                                                  : "UPDATE gpkg_contents SET last_change = ?1 "
                                                    "WHERE lower(table_name) = lower(?2)");
        Statement count = prepare(db.get(), "UPDATE gpkg_ogr_contents SET feature_count = ? "
                                            "WHERE lower(table_name) = lower(?)");
        for (const auto& l : layers) {
            if (l.rows > 0) {
                const char* table = l.table.c_str();
                if (l.has_extent) {
                    // As GDAL does it, to the bit: the numbers go through SQLite's printf,
                    // which keeps 16 significant digits of "%.18g", and are parsed back.
                    char* sql = sqlite3_mprintf("UPDATE gpkg_contents SET min_x = %.18g, min_y = %.18g, "
                                                "max_x = %.18g, max_y = %.18g WHERE lower(table_name) = "
                                                "lower('%q') AND Lower(data_type) = 'features'",
                                                l.extent[0], l.extent[1], l.extent[2], l.extent[3], table);
                    if (sql == nullptr) throw std::bad_alloc();
                    std::string text(sql);
                    sqlite3_free(sql);
                    exec(db.get(), text);
                }
                if (!last_change.empty())
                    sqlite3_bind_text(changed.get(), 1, last_change.c_str(), -1, SQLITE_STATIC);
                sqlite3_bind_text(changed.get(), 2, table, -1, SQLITE_STATIC);
                step_done(db.get(), changed.get(), "cannot record the layer's last change");
                sqlite3_bind_int64(count.get(), 1, std::int64_t(l.rows));
                sqlite3_bind_text(count.get(), 2, table, -1, SQLITE_STATIC);
                step_done(db.get(), count.get(), "cannot record the layer's feature count");
            }
            for (const auto& sql : l.triggers) exec(db.get(), sql);
        }
        exec(db.get(), "COMMIT");
    } catch (...) {
        sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace geoevent::output::detail
