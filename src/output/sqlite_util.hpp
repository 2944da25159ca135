#pragma once
// The few SQLite C API helpers the GeoPackage code shares (gpkg_rtree.cpp, gpkg_direct.cpp):
// RAII handles, and failures as std::runtime_error carrying SQLite's message, which the
// writer wraps with the dataset and layer.
#include <memory>
#include <string>

#include <sqlite3.h>

namespace geoevent::output::detail::sqlite {

struct CloseDb {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

[[noreturn]] void fail(sqlite3* db, const std::string& what);

// Opens an existing file for writing, for a staged copy: no fsync per commit and the
// rollback journal in memory (the caller fsyncs before publishing).
Db open_staged(const std::string& path);

void exec(sqlite3* db, const std::string& sql);
Statement prepare(sqlite3* db, const std::string& sql);
// Steps a statement that returns no row, then resets it for the next bindings.
void step_done(sqlite3* db, sqlite3_stmt* s, const char* what);

// "name" with embedded quotes doubled: an SQL identifier, as GDAL quotes them.
std::string quoted(const std::string& name);
// 'text' for an SQL string literal.
std::string literal(const std::string& text);

}  // namespace geoevent::output::detail::sqlite
