// PostgreSQL against a real server, named by GEOEVENT_TEST_PG (a "PG:..." string for a
// database the tests may create and drop tables in). Without it these tests only warn:
// a faked server would test nothing. A throwaway server, as a non-root user:
//   initdb -D /tmp/pg -A trust && pg_ctl -D /tmp/pg -o "-k /tmp -p 55437" start
//   createdb -h /tmp -p 55437 geoevent_test   (and CREATE EXTENSION postgis, if installed)
//   GEOEVENT_TEST_PG="PG:host=/tmp port=55437 dbname=geoevent_test" ctest -L output
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

#define GEOEVENT_REQUIRE_PG()                                                        \
    if (pg_target().empty()) {                                                       \
        WARN("GEOEVENT_TEST_PG is not set: PostgreSQL output not tested");           \
        return;                                                                      \
    }

// A table of its own per test, dropped afterwards whatever happens.
class ScratchTable {
public:
    ScratchTable() : m_name("geoevent_test_" + std::to_string(std::random_device{}())) {}
    ~ScratchTable() {
        if (auto ds = connect())
            ds->ExecuteSQL(("DROP TABLE IF EXISTS " + m_name).c_str(), nullptr, nullptr);
    }
    const std::string& name() const { return m_name; }

    static GDALDatasetUniquePtr connect() { return open_for_reading(pg_target(), "PostgreSQL"); }

    std::int64_t rows() const {
        auto ds = connect();
        REQUIRE(ds);
        OGRLayer* layer = ds->GetLayerByName(m_name.c_str());
        return layer ? layer->GetFeatureCount() : -1;  // -1: no such table
    }

    std::vector<std::string> ids() const {
        std::vector<std::string> values;
        auto ds = connect();
        REQUIRE(ds);
        std::string sql = "SELECT event_id FROM " + m_name + " ORDER BY event_id";
        OGRLayer* r = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        REQUIRE(r);
        for (auto& f : r) values.emplace_back(f->GetFieldAsString(0));
        ds->ReleaseResultSet(r);
        return values;
    }

    std::string index_definitions() const {
        auto ds = connect();
        REQUIRE(ds);
        std::string sql = "SELECT indexdef FROM pg_indexes WHERE tablename = '" + m_name + "'";
        OGRLayer* r = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        REQUIRE(r);
        std::string all;
        for (auto& f : r) all += std::string(f->GetFieldAsString(0)) + "\n";
        ds->ReleaseResultSet(r);
        return all;
    }

private:
    std::string m_name;
};

WriteCounts write_events(const ScratchTable& table, const std::vector<Feature>& features,
                         WriterOptions options = {}) {
    auto writer = DatasetWriter::open(pg_target(), options);
    auto layer = writer.layer(events_def(table.name()));
    for (const auto& f : features) writer.write(layer, f);
    writer.close();
    return writer.counts();
}

// Minutes since the epoch-ish, in UTC, whatever time zone the session reports in.
long utc_minutes(int y, int m, int d, int h, int mi, int tz) {
    long days = y * 372L + m * 31L + d;  // monotonic, enough to compare equal instants
    long minutes = days * 1440 + h * 60 + mi;
    if (tz > 1) minutes -= (tz - 100) * 15;
    return minutes;
}

}  // namespace

TEST_CASE("PostgreSQL: events round-trip with types, coordinates and a unique index",
          "[output][postgres]") {
    GEOEVENT_REQUIRE_PG();
    ScratchTable table;
    auto counts = write_events(table, sample_events());
    CHECK(counts.written == 3);

    auto ds = ScratchTable::connect();
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayerByName(table.name().c_str());
    REQUIRE(layer);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    auto type_of = [&](const char* field) {
        return defn->GetFieldDefn(defn->GetFieldIndex(field))->GetType();
    };
    CHECK(type_of("event_id") == OFTString);
    CHECK(type_of("casualties") == OFTInteger);
    CHECK(type_of("source_id") == OFTInteger64);
    CHECK(type_of("confidence") == OFTReal);
    CHECK(type_of("event_date") == OFTDate);
    CHECK(type_of("reported_at") == OFTDateTime);

    layer->SetAttributeFilter("event_id = 'ev-001'");
    OGRFeatureUniquePtr f(layer->GetNextFeature());
    REQUIRE(f);
    CHECK(std::string(f->GetFieldAsString("place")) == "Abou Kamal — البوكمال");
    CHECK(f->GetFieldAsInteger64("source_id") == 5'000'000'000'001);
    int y, m, d, h, mi, tz;
    float s;
    REQUIRE(f->GetFieldAsDateTime(f->GetFieldIndex("reported_at"), &y, &m, &d, &h, &mi, &s, &tz));
    CHECK(utc_minutes(y, m, d, h, mi, tz) == utc_minutes(2024, 3, 5, 10, 20, 100));
    auto* p = f->GetGeometryRef()->toPoint();
    CHECK(p->getX() == Approx(40.9184).margin(1e-9));
    CHECK(p->getY() == Approx(34.4529).margin(1e-9));

    CHECK_THAT(table.index_definitions(), Catch::Contains("UNIQUE INDEX") &&
                                              Catch::Contains("(event_id)"));
}

TEST_CASE("PostgreSQL: appending twice adds nothing", "[output][postgres]") {
    GEOEVENT_REQUIRE_PG();
    ScratchTable table;
    auto all = sample_events();
    WriterOptions append;
    append.append = true;
    CHECK(write_events(table, {all[0]}, append).written == 1);  // creates the table
    auto second = write_events(table, all, append);
    CHECK(second.written == 2);
    CHECK(second.skipped_duplicates == 1);
    auto third = write_events(table, all, append);
    CHECK(third.written == 0);
    CHECK(third.skipped_duplicates == 3);
    CHECK(table.ids() == std::vector<std::string>{"ev-001", "ev-002", "ev-003"});
}

TEST_CASE("PostgreSQL: an existing table needs --overwrite or --append", "[output][postgres]") {
    GEOEVENT_REQUIRE_PG();
    ScratchTable table;
    write_events(table, sample_events());
    try {
        write_events(table, sample_events());
        FAIL("no exception");
    } catch (const geoevent::UsageError& e) {
        CHECK_THAT(e.hint(), Catch::Contains("--overwrite") && Catch::Contains("--append"));
    }
    CHECK(table.rows() == 3);
    WriterOptions overwrite;
    overwrite.overwrite = true;
    write_events(table, {sample_events()[2]}, overwrite);
    CHECK(table.ids() == std::vector<std::string>{"ev-003"});
}

TEST_CASE("PostgreSQL: a run that fails midway changes nothing", "[output][postgres]") {
    GEOEVENT_REQUIRE_PG();
    ScratchTable table;
    auto all = sample_events();
    auto bad = all[2];
    bad.values[1] = std::string("three");
    SECTION("a new table is not created") {
        {
            auto writer = DatasetWriter::open(pg_target());
            auto layer = writer.layer(events_def(table.name()));
            writer.write(layer, all[0]);
            CHECK_THROWS_AS(writer.write(layer, bad), geoevent::UsageError);
        }
        CHECK(table.rows() == -1);
    }
    SECTION("an append adds no row") {
        write_events(table, {all[0]});
        {
            WriterOptions append;
            append.append = true;
            auto writer = DatasetWriter::open(pg_target(), append);
            auto layer = writer.layer(events_def(table.name()));
            writer.write(layer, all[1]);
            CHECK_THROWS_AS(writer.write(layer, bad), geoevent::UsageError);
        }
        CHECK(table.ids() == std::vector<std::string>{"ev-001"});
    }
}

TEST_CASE("PostgreSQL: t_srs reprojects and tags the geometry column", "[output][postgres]") {
    GEOEVENT_REQUIRE_PG();
    ScratchTable table;
    WriterOptions utm;
    utm.t_srs = "EPSG:32637";
    write_events(table, {event("ev-004", 1, 4, 0.5, {2024, 1, 1}, {{2024, 1, 1}, 0, 0, 0},
                               "central meridian", 39.0, 0.0)},
                 utm);
    auto ds = ScratchTable::connect();
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayerByName(table.name().c_str());
    REQUIRE(layer);
    if (layer->GetSpatialRef())
        CHECK(std::string(layer->GetSpatialRef()->GetAuthorityCode(nullptr)) == "32637");
    else
        WARN("no PostGIS in this database: GDAL stores WKB in a bytea column, without CRS");
    OGRFeatureUniquePtr f(layer->GetNextFeature());
    REQUIRE(f);
    CHECK(f->GetGeometryRef()->toPoint()->getX() == Approx(500000.0).margin(1.0));
    CHECK(f->GetGeometryRef()->toPoint()->getY() == Approx(0.0).margin(1.0));
}
