#include "output/sqlite_util.hpp"

#include <stdexcept>

namespace geoevent::output::detail::sqlite {

void fail(sqlite3* db, const std::string& what) {
    throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Db open_staged(const std::string& path) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) fail(raw, "cannot open " + path);
    exec(db.get(), "PRAGMA synchronous = OFF");
    exec(db.get(), "PRAGMA journal_mode = MEMORY");
    // Its writers append (rows in FID order, R-tree nodes): a small cache does as well.
    exec(db.get(), "PRAGMA cache_size = -512");
    return db;
}

void exec(sqlite3* db, const std::string& sql) {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
        fail(db, "SQLite refused '" + sql.substr(0, 80) + "'");
}

Statement prepare(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), int(sql.size()), &s, nullptr) != SQLITE_OK)
        fail(db, "SQLite cannot prepare '" + sql.substr(0, 80) + "'");
    return Statement(s);
}

void step_done(sqlite3* db, sqlite3_stmt* s, const char* what) {
    if (sqlite3_step(s) != SQLITE_DONE) {
        sqlite3_reset(s);
        fail(db, what);
    }
    sqlite3_reset(s);
}

std::string quoted(const std::string& name) {
    std::string q = "\"";
    for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string literal(const std::string& text) {
    std::string q = "'";
    for (char c : text) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
}

}  // namespace geoevent::output::detail::sqlite
