// The default style of a PostGIS layer, in the database's layer_styles table as QGIS reads
// it (tests/integration/ checks QGIS applies it). Needs GEOEVENT_TEST_PG, like
// postgres_test.cpp; CTest's pg fixture provides it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

#include "output/output_support.hpp"

using namespace geoevent::test;

namespace {

std::string pg_target() {
    const char* env = std::getenv("GEOEVENT_TEST_PG");
    return env ? env : "";
}

struct Row {
    std::string catalog, schema, geometry_column, qml;
    bool use_as_default;
};

std::vector<Row> style_rows(const std::string& table) {
    auto ds = open_for_reading(pg_target(), "PostgreSQL");
    REQUIRE(ds);
    std::string sql = "SELECT f_table_catalog, f_table_schema, f_geometry_column, styleqml::text, "
                      "useasdefault::int FROM layer_styles WHERE f_table_name = '" + table +
                      "' AND stylename = 'geoevent'";
    OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    REQUIRE(result);
    std::vector<Row> rows;
    for (auto& f : result)
        rows.push_back({f->GetFieldAsString(0), f->GetFieldAsString(1), f->GetFieldAsString(2),
                        f->GetFieldAsString(3), f->GetFieldAsInteger(4) == 1});
    ds->ReleaseResultSet(result);
    return rows;
}

}  // namespace

TEST_CASE("a PostGIS layer gets its default style, replaced on append", "[output]") {
    if (pg_target().empty()) {
        WARN("GEOEVENT_TEST_PG is not set: PostgreSQL styles not tested");
        return;
    }
    std::string table = "geoevent_style_" + std::to_string(std::random_device{}());
    LayerDef def = events_def(table);
    def.style = LayerStyle{"place", "", "event_date", "", "Events"};
    auto events = sample_events();
    write_all(pg_target(), {events[0]}, {}, def);

    auto rows = style_rows(table);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].catalog == "geoevent_test");
    CHECK(rows[0].schema == "public");
    CHECK(rows[0].geometry_column == "wkb_geometry");
    CHECK(rows[0].use_as_default);
    CHECK_THAT(rows[0].qml, Catch::Contains("attr=\"place\""));

    WriterOptions append;
    append.append = true;
    write_all(pg_target(), {events[1]}, append, def);
    rows = style_rows(table);
    REQUIRE(rows.size() == 1);  // replaced, not added
    CHECK_THAT(rows[0].qml, Catch::Contains("Abou Kamal") && Catch::Contains("Deir ez-Zor"));

    auto ds = open_for_reading(pg_target(), "PostgreSQL");
    ds->ExecuteSQL(("DROP TABLE IF EXISTS " + table).c_str(), nullptr, nullptr);
    ds->ExecuteSQL(("DELETE FROM layer_styles WHERE f_table_name = '" + table + "'").c_str(), nullptr, nullptr);
}
