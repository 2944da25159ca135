// The GeoPackage spatial index the writer packs itself (Sort-Tile-Recursive, written into
// SQLite's R-tree shadow tables) must be one SQLite and GDAL accept as their own: it
// passes rtreecheck(), holds the same boxes as the index GDAL builds, answers spatial
// filters like it, and keeps in sync through the triggers when features are added later.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <set>

#include <cpl_vsi.h>

#include "output/output_support.hpp"
#include "output/gpkg_rtree.hpp"
#include "output/rtree_pack.hpp"
#include "test_config.hpp"

using namespace geoevent::test;
using namespace geoevent::output::detail;

namespace {

struct Place {
    std::string id;
    double lon, lat;
};

// The real GeoNames places of the embedded gazetteer (about 31 000).
std::vector<Place> embedded_places_points() {
    std::vector<Place> places;
    for (const auto& row : read_place_rows(embedded_places))
        places.push_back({"gn-" + row.geonameid, row.lon, row.lat});
    return places;
}

std::vector<Feature> as_features(const std::vector<Place>& places) {
    std::vector<Feature> features;
    for (const auto& p : places)
        features.push_back(event(p.id, 0, 1, 0.5, {2017, 11, 9}, {{2017, 11, 9}, 0, 0, 0}, p.id, p.lon, p.lat));
    return features;
}

std::string one(const std::string& path, const std::string& sql) {
    auto rows = sql_rows(path, sql);
    return rows.size() == 1 ? rows[0] : "<" + std::to_string(rows.size()) + " rows>";
}

// The event_ids a spatial filter returns, through GDAL (which uses the R-tree).
std::set<std::string> in_window(const std::string& path, double x0, double y0, double x1, double y1) {
    auto ds = open_for_reading(path, "GPKG");
    OGRLayer* layer = ds->GetLayerByName("events");
    layer->SetSpatialFilterRect(x0, y0, x1, y1);
    std::set<std::string> ids;
    while (OGRFeatureUniquePtr f{layer->GetNextFeature()}) ids.insert(f->GetFieldAsString("event_id"));
    return ids;
}

WriterOptions with_layer_option(const std::string& option) {
    WriterOptions o;
    o.layer_options = {option};
    return o;
}

const char* const boxes_sql = "SELECT id, minx, maxx, miny, maxy FROM rtree_events_geom ORDER BY id";
const char* const triggers_sql =
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree%' ORDER BY name";

}  // namespace

TEST_CASE("rtree_box rounds outward to float32, like SQLite", "[output]") {
    // Normal floats only: for subnormals SQLite's rounding (one float epsilon) is finer
    // than their spacing, so neither SQLite nor this code widens them; no coordinate is one.
    for (double d : {0.0, 1.5, -3.25, 40.918400000000001, -179.99999999, 34.452900000000003, 1e-30, -1e30}) {
        RtreeBox b = rtree_box(d, d, d, d);
        CHECK(double(b.min_x) <= d);
        CHECK(double(b.max_x) >= d);
        CHECK(double(b.min_y) <= d);
        CHECK(double(b.max_y) >= d);
        if (double(float(d)) == d) CHECK(b.min_x == b.max_x);  // exact: no widening
    }
}

TEST_CASE("pack_rtree: every entry in one leaf, parents contain children, nodes full", "[output]") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-90, 90);
    for (std::size_t n : {0u, 1u, 4u, 5u, 17u, 1000u, 4099u}) {
        DYNAMIC_SECTION(n << " entries") {
            std::vector<RtreeEntry> entries;
            for (std::size_t i = 0; i < n; ++i) {
                double x = lon(rng), y = lat(rng);
                entries.push_back({std::int64_t(i * 3 + 1), rtree_box(x, x + 0.01, y, y)});
            }
            const std::size_t node_size = 4 + 24 * 4;  // 4 cells a node: a deep tree
            PackedRtree packed = pack_rtree(entries, node_size);
            REQUIRE(!packed.nodes.empty());
            CHECK(packed.nodes[0].number == 1);
            CHECK(packed.nodes[0].parent == 0);

            std::map<std::int64_t, const RtreeNode*> by_number;
            for (const auto& node : packed.nodes) {
                CHECK(node.blob.size() == node_size);
                by_number[node.number] = &node;
            }
            CHECK(by_number.size() == packed.nodes.size());
            int depth = decode_rtree_node(packed.nodes[0].blob).depth;
            CHECK(std::size_t(1) << (2 * depth) >= n / 4);  // depth ~ log4(n)

            // Walk from the root: leaves at `depth`, each child's cells inside its parent cell.
            std::map<std::int64_t, std::int64_t> leaf_of_id;
            std::size_t nodes_seen = 0;
            std::function<void(std::int64_t, int, const RtreeBox*)> walk = [&](std::int64_t number, int level,
                                                                             const RtreeBox* bound) {
                ++nodes_seen;
                REQUIRE(by_number.count(number) == 1);
                DecodedNode node = decode_rtree_node(by_number[number]->blob);
                CHECK(node.cells.size() <= 4);
                if (number != 1) CHECK(!node.cells.empty());
                for (const auto& cell : node.cells) {
                    if (bound) {
                        CHECK(cell.box.min_x >= bound->min_x);
                        CHECK(cell.box.max_x <= bound->max_x);
                        CHECK(cell.box.min_y >= bound->min_y);
                        CHECK(cell.box.max_y <= bound->max_y);
                    }
                    if (level == depth) {
                        CHECK(leaf_of_id.emplace(cell.id, number).second);
                    } else {
                        CHECK(by_number[cell.id]->parent == number);
                        walk(cell.id, level + 1, &cell.box);
                    }
                }
            };
            walk(1, 0, nullptr);
            CHECK(nodes_seen == packed.nodes.size());
            REQUIRE(leaf_of_id.size() == n);
            for (std::size_t i = 0; i < n; ++i) CHECK(leaf_of_id[entries[i].id] == packed.leaf_of[i]);
            // Full nodes: no more leaves than ceil(n / 4) (STR packs all but the last of a slice).
            std::set<std::int64_t> leaves(packed.leaf_of.begin(), packed.leaf_of.end());
            auto slices = std::size_t(std::ceil(std::sqrt(double((n + 3) / 4))));
            CHECK(leaves.size() <= (n + 3) / 4 + slices);
        }
    }
}

TEST_CASE("pack_rtree streams each node once and refuses what it cannot pack", "[output]") {
    std::vector<RtreeEntry> entries;
    for (int i = 0; i < 50; ++i) entries.push_back({i + 10, rtree_box(i, i + 1, -i, -i + 1)});
    std::set<std::int64_t> numbers;
    LeafNumbers leaves = pack_rtree(entries, 4 + 24 * 4, [&](const RtreeNode& n) {
        CHECK(n.blob.size() == 4 + 24 * 4);
        CHECK(numbers.insert(n.number).second);           // each node once
        if (n.number != 1) CHECK(numbers.count(n.parent) == 1);  // after its parent
    });
    CHECK(leaves.first_id == 10);
    REQUIRE(leaves.leaf.size() == 50);
    for (auto leaf : leaves.leaf) CHECK(numbers.count(leaf) == 1);

    std::vector<RtreeEntry> unordered = {{5, rtree_box(0, 1, 0, 1)}, {3, rtree_box(0, 1, 0, 1)}};
    CHECK_THROWS_AS(pack_rtree(unordered, 4 + 24 * 4, [](const RtreeNode&) {}), std::invalid_argument);
    CHECK_THROWS_AS(pack_rtree(entries, 4 + 24, [](const RtreeNode&) {}), std::invalid_argument);
}

TEST_CASE("a GPKG written by the writer has the R-tree GDAL would build", "[output]") {
    TempDir dir;
    auto places = embedded_places_points();
    REQUIRE(places.size() > 30000);
    auto features = as_features(places);
    std::string ours = dir / "ours.gpkg", gdal = dir / "gdal.gpkg";
    write_all(ours, features);
    write_all(gdal, features, with_layer_option("SPATIAL_INDEX=YES"));  // GDAL's own build

    CHECK(one(ours, "SELECT rtreecheck('rtree_events_geom')") == "ok");
    CHECK(one(ours, "PRAGMA integrity_check") == "ok");
    CHECK(one(ours, "SELECT count(*) FROM rtree_events_geom") == std::to_string(places.size()));
    CHECK(one(ours, "SELECT extension_name, scope FROM gpkg_extensions WHERE table_name = 'events' "
                    "AND column_name = 'geom'") == "gpkg_rtree_index|write-only");
    // The same float32 boxes for the same FIDs, and the same triggers, word for word.
    auto our_boxes = sql_rows(ours, boxes_sql);
    CHECK(our_boxes.size() == places.size());
    CHECK(our_boxes == sql_rows(gdal, boxes_sql));
    auto our_triggers = sql_rows(ours, triggers_sql);
    CHECK(our_triggers.size() == 6);
    CHECK(our_triggers == sql_rows(gdal, triggers_sql));
    {
        auto ds = open_for_reading(ours, "GPKG");
        CHECK(ds->GetLayerByName("events")->TestCapability(OLCFastSpatialFilter));
    }

    // Spatial filters through the index: the same features as GDAL's index and as a scan.
    struct Window {
        double x0, y0, x1, y1;
    };
    for (auto w : {Window{40.0, 34.0, 41.5, 35.0}, Window{35.5, 32.0, 42.5, 37.5}, Window{-180, -90, 180, 90},
                   Window{40.9184, 34.4529, 40.9185, 34.4530}, Window{0, 0, 1, 1}}) {
        std::set<std::string> scan;
        for (const auto& p : places)
            if (p.lon >= w.x0 && p.lon <= w.x1 && p.lat >= w.y0 && p.lat <= w.y1) scan.insert(p.id);
        auto found = in_window(ours, w.x0, w.y0, w.x1, w.y1);
        CHECK(found == in_window(gdal, w.x0, w.y0, w.x1, w.y1));
        CHECK(found == scan);
    }

    SECTION("appending keeps the index in sync (GDAL's path, through the triggers)") {
        std::vector<Feature> more;
        for (int i = 0; i < 250; ++i)
            more.push_back(event("new-" + std::to_string(i), 0, 1, 0.5, {2017, 11, 10}, {{2017, 11, 10}, 0, 0, 0},
                                 "new", 10.0 + i * 0.01, -20.0 - i * 0.01));
        WriterOptions append;
        append.append = true;
        write_all(ours, more, append);
        CHECK(one(ours, "SELECT rtreecheck('rtree_events_geom')") == "ok");
        CHECK(one(ours, "SELECT count(*) FROM rtree_events_geom") == std::to_string(places.size() + 250));
        CHECK(in_window(ours, 9.99, -22.5, 12.5, -19.99).size() == 250);
    }
}

TEST_CASE("the packed R-tree of polygons, of an empty layer, and SPATIAL_INDEX=NO", "[output]") {
    TempDir dir;
    SECTION("multipolygons: their envelopes, as GDAL indexes them") {
        LayerDef def{"events", {{"event_id", FieldType::string}}, GeometryType::multi_polygon, "event_id"};
        std::vector<Feature> areas;
        for (int i = 0; i < 300; ++i) {
            double x = -170 + i, y = -60 + i * 0.3;
            char wkt[256];
            std::snprintf(wkt, sizeof wkt, "POLYGON ((%.6f %.6f, %.6f %.6f, %.6f %.6f, %.6f %.6f))", x, y, x + 0.7, y,
                          x + 0.2, y + 1.3, x, y);
            areas.push_back({{std::string("area-") + std::to_string(i)}, Wkt{wkt}});
        }
        std::string ours = dir / "areas.gpkg", gdal = dir / "areas-gdal.gpkg";
        write_all(ours, areas, {}, def);
        write_all(gdal, areas, with_layer_option("SPATIAL_INDEX=YES"), def);
        CHECK(one(ours, "SELECT rtreecheck('rtree_events_geom')") == "ok");
        auto boxes = sql_rows(ours, boxes_sql);
        CHECK(boxes.size() == 300);
        CHECK(boxes == sql_rows(gdal, boxes_sql));
    }
    SECTION("an empty layer gets an empty, valid index") {
        std::string path = dir / "empty.gpkg";
        write_all(path, {});
        CHECK(one(path, "SELECT rtreecheck('rtree_events_geom')") == "ok");
        CHECK(one(path, "SELECT count(*) FROM rtree_events_geom") == "0");
        CHECK(sql_rows(path, triggers_sql).size() == 6);
    }
    SECTION("-lco SPATIAL_INDEX=NO is obeyed: no index at all") {
        std::string path = dir / "none.gpkg";
        write_all(path, sample_events(), with_layer_option("SPATIAL_INDEX=NO"));
        CHECK(sql_rows(path, "SELECT name FROM sqlite_master WHERE name LIKE 'rtree%'").empty());
        CHECK(column(path, "GPKG", "event_id").size() == 3);
    }
}

TEST_CASE("a geometry blob without an envelope (not GDAL's) is left to GDAL, file unchanged", "[output]") {
    TempDir dir;
    std::string path = dir / "lines.gpkg";
    LayerDef def{"events", {{"event_id", FieldType::string}}, GeometryType::multi_polygon, "event_id"};
    write_all(path, {{{std::string("a")}, Wkt{"POLYGON ((1 1, 2 1, 2 2, 1 1))"}}},
              with_layer_option("SPATIAL_INDEX=NO"), def);
    {
        // Little-endian header with no envelope: flags 0x01, the 32 envelope bytes dropped.
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        REQUIRE(ds);
        // (|| makes text; the cast makes it a blob again)
        ds->ExecuteSQL("UPDATE events SET geom = CAST(substr(geom, 1, 3) || x'01' || substr(geom, 5, 4) || "
                       "substr(geom, 41) AS BLOB)", nullptr, nullptr);
    }
    CHECK(one(path, "SELECT typeof(geom), hex(substr(geom, 1, 4)) FROM events") == "blob|47500001");
    CHECK(build_gpkg_rtree(path, {"events", "geom", "fid"}) == RtreeBuild::unsupported);
    CHECK(sql_rows(path, "SELECT name FROM sqlite_master WHERE name LIKE 'rtree%'").empty());
    // A GeoPackage GDAL wrote is read: the index is built.
    std::string fine = dir / "fine.gpkg";
    write_all(fine, sample_events(), with_layer_option("SPATIAL_INDEX=NO"));
    CHECK(build_gpkg_rtree(fine, {"events", "geom", "fid"}) == RtreeBuild::built);
    CHECK(one(fine, "SELECT rtreecheck('rtree_events_geom')") == "ok");
    CHECK(in_window(fine, 40.9, 34.4, 41.0, 34.5) == std::set<std::string>{"ev-001"});
}
