// The --qgis-project file: layers with their styles, paths relative to the project, and
// the same no-clobber rule as the data.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "geoevent/output/qgis_project.hpp"
#include "geoevent/output/sources_table.hpp"
#include "output/output_support.hpp"

using namespace geoevent::test;
namespace fs = std::filesystem;

namespace {

std::vector<ProjectLayer> written_layers(const std::string& target) {
    LayerDef def = events_def();
    def.style = LayerStyle{"place", "", "event_date", "", "Events by place"};
    auto writer = DatasetWriter::open(target);
    auto layer = writer.layer(def);
    for (const auto& f : sample_events()) writer.write(layer, f);
    CHECK_THROWS_AS(writer.qgis_layers(), geoevent::UsageError);  // not written yet
    writer.close();
    return writer.qgis_layers();
}

}  // namespace

TEST_CASE("a QGIS project references the written layers relative to itself", "[output]") {
    TempDir dir;
    fs::create_directories(dir / "data");
    auto layers = written_layers(dir / "data/events.gpkg");
    REQUIRE(layers.size() == 1);
    CHECK(layers[0].provider == "ogr");
    CHECK(layers[0].source == "|layername=events");
    CHECK(layers[0].crs_authid == "EPSG:4326");
    CHECK(layers[0].extent[0] == Approx(39.0167));  // Raqqa, the westernmost
    CHECK(layers[0].extent[3] == Approx(35.95));

    std::string project = dir / "map.qgs";
    write_qgis_project(project, layers, false);
    std::string xml = slurp(project);
    CHECK_THAT(xml, Catch::Contains("<datasource>./data/events.gpkg|layername=events</datasource>"));
    CHECK_THAT(xml, Catch::Contains("<provider encoding=\"UTF-8\">ogr</provider>"));
    CHECK_THAT(xml, Catch::Contains("attr=\"place\""));  // the style, inside the layer
    CHECK_THAT(xml, Catch::Contains("name=\"Events by place\""));
    CHECK_THAT(xml, Catch::Contains("<authid>EPSG:4326</authid>"));
    CHECK_THAT(xml, Catch::Contains("<Absolute type=\"bool\">false</Absolute>"));
    CHECK_FALSE(any_temp_file(dir.path()));
}

TEST_CASE("a project relates events to their sources when both are in it", "[output]") {
    TempDir dir;
    auto layers = written_layers(dir / "events.gpkg");
    ProjectLayer sources;
    sources.name = "sources";
    sources.title = "sources";
    sources.provider = "ogr";
    sources.file = dir / "events.gpkg";
    sources.source = "|layername=sources";
    sources.geometry = GeometryType::none;
    layers.push_back(sources);
    std::vector<ProjectRelation> relation{{"events", "source_id", "sources", "source_id"}};
    write_qgis_project(dir / "with.qgs", layers, false, relation);
    CHECK_THAT(slurp(dir / "with.qgs"),
               Catch::Contains("referencingLayer=\"events_geoevent_0\" referencedLayer=\"sources_geoevent_1\"") &&
                   Catch::Contains("<fieldRef referencingField=\"source_id\" referencedField=\"source_id\"/>"));

    layers.pop_back();  // a GeoJSON output: no sources layer, so no relation to it
    write_qgis_project(dir / "without.qgs", layers, false, relation);
    CHECK_THAT(slurp(dir / "without.qgs"), !Catch::Contains("<relation"));
}

TEST_CASE("an existing project is replaced only when asked", "[output]") {
    TempDir dir;
    auto layers = written_layers(dir / "events.geojson");
    CHECK(layers[0].source.empty());  // a one-layer file is opened without a layer name
    std::string project = dir / "events.qgs";
    std::ofstream(project) << "mine";
    CHECK_THROWS_AS(write_qgis_project(project, layers, false), geoevent::UsageError);
    CHECK(slurp(project) == "mine");
    write_qgis_project(project, layers, true);
    CHECK_THAT(slurp(project), Catch::Contains("<datasource>./events.geojson</datasource>"));
}

TEST_CASE("the default project path sits next to the output", "[output]") {
    CHECK(default_project_path("out/boukamal.gpkg") == "out/boukamal.qgs");
    CHECK(default_project_path("boukamal.geojson") == "boukamal.qgs");
    CHECK_THROWS_WITH(default_project_path("PG:dbname=x"), Catch::Contains("needs a file name"));
}

TEST_CASE("an unwritable project path is a clear error", "[output]") {
    TempDir dir;
    auto layers = written_layers(dir / "events.gpkg");
    CHECK_THROWS_WITH(write_qgis_project(dir / "missing/map.qgs", layers, false),
                      Catch::Contains("cannot write the QGIS project"));
}

TEST_CASE("the sources table sits next to the events in a GeoPackage", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    SourcesTable sources;
    sources.add("a-1", {"https://example.org/1", "Boukamal falls", Date{2017, 11, 9}});
    sources.add("a-1", {"https://example.org/other", "ignored", {}});  // first wins
    sources.add("", {"https://example.org/none", "no id", {}});       // points nowhere
    sources.add("a-2", {"", "", {}});
    {
        auto writer = DatasetWriter::open(path);
        auto layer = writer.layer(events_def());
        writer.write(layer, sample_events()[0]);
        CHECK(sources.write(writer));
        writer.close();
    }
    auto ds = open_for_reading(path, "GPKG");
    OGRLayer* table = ds->GetLayerByName("sources");
    REQUIRE(table != nullptr);
    CHECK(table->GetGeomType() == wkbNone);
    REQUIRE(table->GetFeatureCount() == 2);
    OGRFeatureDefn* defn = table->GetLayerDefn();
    CHECK(defn->GetFieldDefn(defn->GetFieldIndex("date"))->GetType() == OFTDate);
    table->SetAttributeFilter("source_id = 'a-1'");
    OGRFeatureUniquePtr row(table->GetNextFeature());
    REQUIRE(row);
    CHECK(std::string(row->GetFieldAsString("url")) == "https://example.org/1");
    CHECK(std::string(row->GetFieldAsString("title")) == "Boukamal falls");
    CHECK(std::string(row->GetFieldAsString("date")) == "2017/11/09");

    // GeoJSON holds one layer: the sources are left out rather than failing the run.
    TempDir json;
    auto writer = DatasetWriter::open(json / "events.geojson");
    auto layer = writer.layer(events_def());
    writer.write(layer, sample_events()[0]);
    CHECK_FALSE(sources.write(writer));
    writer.close();
}

TEST_CASE("a caller without --append is not told to use it", "[output]") {
    TempDir dir;
    std::string path = dir / "control.gpkg";
    std::ofstream(path) << "x";
    WriterOptions options;
    options.can_append = false;
    try {
        DatasetWriter::open(path, options);
        FAIL("no exception");
    } catch (const geoevent::UsageError& e) {
        CHECK_THAT(e.hint(), Catch::Contains("--overwrite") && !Catch::Contains("--append"));
    }
}
