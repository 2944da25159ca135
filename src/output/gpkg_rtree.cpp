#include "output/gpkg_rtree.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "output/rtree_pack.hpp"
#include "output/sqlite_util.hpp"

namespace geoevent::output::detail {

using namespace sqlite;

namespace {

double read_double(const unsigned char* p, bool little) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    if (little != (std::endian::native == std::endian::little)) v = __builtin_bswap64(v);
    return std::bit_cast<double>(v);
}

std::uint32_t read_u32(const unsigned char* p, bool little) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    if (little != (std::endian::native == std::endian::little)) v = __builtin_bswap32(v);
    return v;
}

enum class Blob { box, empty, unsupported };

// The bounding box of a GeoPackage geometry blob (GeoPackage 1.2, "GeoPackageBinary"):
// "GP", version, flags (bit 0 byte order, bits 1-3 envelope kind, bit 4 empty, bit 5
// extended), srs_id, the envelope (minx, maxx, miny, maxy, ...), then ISO WKB. GDAL puts
// no envelope on points, so a point's box is read from its WKB.
Blob read_box(const unsigned char* p, std::size_t n, double box[4]) {
    if (n < 8 || p[0] != 'G' || p[1] != 'P') return Blob::unsupported;
    unsigned flags = p[3];
    if (flags & 0x20) return Blob::unsupported;
    if (flags & 0x10) return Blob::empty;
    bool little = flags & 1;
    static const std::size_t envelope_bytes[] = {0, 32, 48, 48, 64};
    unsigned kind = (flags >> 1) & 7;
    if (kind > 4 || n < 8 + envelope_bytes[kind]) return Blob::unsupported;
    if (kind != 0) {
        for (int i = 0; i < 4; ++i) box[i] = read_double(p + 8 + 8 * i, little);
    } else {
        const unsigned char* wkb = p + 8;
        if (n < 8 + 5 + 16 || wkb[0] > 1) return Blob::unsupported;
        bool wkb_little = wkb[0] == 1;
        if (read_u32(wkb + 1, wkb_little) % 1000 != 1) return Blob::unsupported;  // not a point
        double x = read_double(wkb + 5, wkb_little), y = read_double(wkb + 13, wkb_little);
        box[0] = box[1] = x;
        box[2] = box[3] = y;
    }
    if (std::isnan(box[0]) || std::isnan(box[2])) return Blob::empty;
    return Blob::box;
}

// The triggers GDAL 3.6 creates with the index (GeoPackage 1.2 annex F.3, with GDAL's
// variant of the update triggers), so that edits made later by GDAL or QGIS keep the
// index in sync. ST_* are functions every GeoPackage reader registers.
std::vector<std::string> triggers(const std::string& rtree, const std::string& t,
                                  const std::string& g, const std::string& i) {
    const std::string r = quoted(rtree);
    const std::string insert = "INSERT OR REPLACE INTO " + r + " VALUES (NEW." + i + ",ST_MinX(NEW." +
                               g + "), ST_MaxX(NEW." + g + "),ST_MinY(NEW." + g + "), ST_MaxY(NEW." +
                               g + ")); END";
    auto name = [&](const char* suffix) { return quoted(rtree + "_" + suffix); };
    return {
        "CREATE TRIGGER " + name("insert") + " AFTER INSERT ON " + t + " WHEN (new." + g +
            " NOT NULL AND NOT ST_IsEmpty(NEW." + g + ")) BEGIN " + insert,
        "CREATE TRIGGER " + name("update1") + " AFTER UPDATE OF " + g + " ON " + t + " WHEN OLD." +
            i + " = NEW." + i + " AND (NEW." + g + " NOTNULL AND NOT ST_IsEmpty(NEW." + g +
            ")) BEGIN " + insert,
        "CREATE TRIGGER " + name("update2") + " AFTER UPDATE OF " + g + " ON " + t + " WHEN OLD." +
            i + " = NEW." + i + " AND (NEW." + g + " ISNULL OR ST_IsEmpty(NEW." + g +
            ")) BEGIN DELETE FROM " + r + " WHERE id = OLD." + i + "; END",
        "CREATE TRIGGER " + name("update3") + " AFTER UPDATE ON " + t + " WHEN OLD." + i +
            " != NEW." + i + " AND (NEW." + g + " NOTNULL AND NOT ST_IsEmpty(NEW." + g +
            ")) BEGIN DELETE FROM " + r + " WHERE id = OLD." + i + "; " + insert,
        "CREATE TRIGGER " + name("update4") + " AFTER UPDATE ON " + t + " WHEN OLD." + i +
            " != NEW." + i + " AND (NEW." + g + " ISNULL OR ST_IsEmpty(NEW." + g +
            ")) BEGIN DELETE FROM " + r + " WHERE id IN (OLD." + i + ", NEW." + i + "); END",
        "CREATE TRIGGER " + name("delete") + " AFTER DELETE ON " + t + " WHEN old." + g +
            " NOT NULL BEGIN DELETE FROM " + r + " WHERE id = OLD." + i + "; END",
    };
}

}  // namespace

RtreeBuild build_gpkg_rtree(const std::string& path, const GpkgRtreeTarget& target,
                            std::optional<std::vector<RtreeEntry>> known) {
    Db db = open_staged(path);

    const std::string t = quoted(target.table), g = quoted(target.geometry_column),
                      i = quoted(target.fid_column);
    const std::string rtree = "rtree_" + target.table + "_" + target.geometry_column;

    std::vector<RtreeEntry> entries;
    if (known) {
        entries = std::move(*known);
        known.reset();
    } else {  // from the table
        int rc;
        Statement rows = prepare(db.get(), "SELECT " + i + ", " + g + " FROM " + t + " WHERE " + g +
                                                " IS NOT NULL ORDER BY " + i);
        double box[4];
        while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
            const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(rows.get(), 1));
            auto bytes = std::size_t(sqlite3_column_bytes(rows.get(), 1));
            Blob kind = read_box(blob, bytes, box);
            if (kind == Blob::unsupported) return RtreeBuild::unsupported;
            if (kind == Blob::empty) continue;
            entries.push_back({sqlite3_column_int64(rows.get(), 0), rtree_box(box[0], box[1], box[2], box[3])});
        }
        if (rc != SQLITE_DONE) fail(db.get(), "cannot read the geometries of " + target.table);
    }

    exec(db.get(), "BEGIN");
    try {
        exec(db.get(), "CREATE VIRTUAL TABLE " + quoted(rtree) + " USING rtree(id, minx, maxx, miny, maxy)");
        // SQLite chose the node size from the page size when it made the empty root.
        std::size_t node_size = 0;
        {
            Statement size = prepare(db.get(), "SELECT length(data) FROM " + quoted(rtree + "_node") +
                                                   " WHERE nodeno = 1");
            if (sqlite3_step(size.get()) == SQLITE_ROW) node_size = std::size_t(sqlite3_column_int(size.get(), 0));
        }
        if (node_size == 0) throw std::runtime_error("SQLite made no root node for " + rtree);
        exec(db.get(), "DELETE FROM " + quoted(rtree + "_node"));
        Statement node = prepare(db.get(), "INSERT INTO " + quoted(rtree + "_node") + " VALUES (?, ?)");
        Statement parent = prepare(db.get(), "INSERT INTO " + quoted(rtree + "_parent") + " VALUES (?, ?)");
        // The nodes go to SQLite as they are packed, so they are never all in memory.
        LeafNumbers leaves = pack_rtree(std::move(entries), node_size, [&](const RtreeNode& n) {
            sqlite3_bind_int64(node.get(), 1, n.number);
            sqlite3_bind_blob(node.get(), 2, n.blob.data(), int(n.blob.size()), SQLITE_STATIC);
            step_done(db.get(), node.get(), "cannot write an R-tree node");
            if (n.parent == 0) return;
            sqlite3_bind_int64(parent.get(), 1, n.number);
            sqlite3_bind_int64(parent.get(), 2, n.parent);
            step_done(db.get(), parent.get(), "cannot write an R-tree parent");
        });
        // In FID order, so the rowid table's B-tree is appended to, never split mid-way;
        // `batch` rows a statement, as SQLite's cost is mostly per statement.
        constexpr std::size_t batch = 128;
        auto rowid_insert = [&](std::size_t rows) {
            std::string sql = "INSERT INTO " + quoted(rtree + "_rowid") + " VALUES (?, ?)";
            for (std::size_t r = 1; r < rows; ++r) sql += ", (?, ?)";
            return prepare(db.get(), sql);
        };
        Statement full = rowid_insert(batch);
        std::vector<std::pair<std::int64_t, std::int64_t>> rows;  // (FID, leaf) of the batch
        rows.reserve(batch);
        auto insert_rows = [&] {
            Statement partial = rows.size() < batch ? rowid_insert(rows.size()) : nullptr;
            sqlite3_stmt* s = partial ? partial.get() : full.get();
            for (std::size_t r = 0; r < rows.size(); ++r) {
                sqlite3_bind_int64(s, int(2 * r + 1), rows[r].first);
                sqlite3_bind_int64(s, int(2 * r + 2), rows[r].second);
            }
            step_done(db.get(), s, "cannot write an R-tree rowid");
            rows.clear();
        };
        for (std::size_t k = 0; k < leaves.leaf.size(); ++k) {
            if (leaves.leaf[k] == 0) continue;  // an FID without a box
            rows.emplace_back(leaves.first_id + std::int64_t(k), leaves.leaf[k]);
            if (rows.size() == batch) insert_rows();
        }
        if (!rows.empty()) insert_rows();

        exec(db.get(), "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,"
                       "extension_name TEXT NOT NULL,definition TEXT NOT NULL,scope TEXT NOT NULL,"
                       "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))");
        exec(db.get(), "INSERT OR REPLACE INTO gpkg_extensions VALUES (" + literal(target.table) + ", " +
                           literal(target.geometry_column) +
                           ", 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', "
                           "'write-only')");
        for (const auto& sql : triggers(rtree, t, g, i)) exec(db.get(), sql);
        exec(db.get(), "COMMIT");
    } catch (...) {
        sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    return RtreeBuild::built;
}

}  // namespace geoevent::output::detail
