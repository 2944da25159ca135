// QGIS default styles: stored where QGIS looks (GeoPackage layer_styles, a .qml next to a
// one-layer file), with one class per value actually written, appended ones included.
// tests/integration/qgis_layers_test.py checks that QGIS itself applies them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "output/output_support.hpp"
#include "output/qgis_style.hpp"

using namespace geoevent::test;
namespace fs = std::filesystem;

namespace {

LayerDef styled_def() {
    LayerDef def = events_def();
    def.fields.push_back({"actor1", FieldType::string});
    def.style = LayerStyle{"actor1", "concat(\"place\", ' ', \"event_date\")", "event_date", "", "Events"};
    return def;
}

Feature with_actor(Feature f, const std::string& actor) {
    f.values.push_back(actor.empty() ? Value{} : Value{actor});
    return f;
}

std::vector<Feature> styled_events() {
    auto e = sample_events();
    return {with_actor(e[0], "Islamic State"), with_actor(e[1], "Syrian government forces"),
            with_actor(e[2], "")};
}

struct StyleRow {
    std::string table, geometry_column, name, qml, sld;
    int use_as_default = -1;
};

std::vector<StyleRow> style_rows(const std::string& gpkg) {
    std::vector<StyleRow> rows;
    auto ds = open_for_reading(gpkg, "GPKG");
    REQUIRE(ds);
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    if (styles == nullptr) return rows;
    for (auto& f : *styles)
        rows.push_back({f->GetFieldAsString("f_table_name"), f->GetFieldAsString("f_geometry_column"),
                        f->GetFieldAsString("styleName"), f->GetFieldAsString("styleQML"),
                        f->GetFieldAsString("styleSLD"), f->GetFieldAsInteger("useAsDefault")});
    return rows;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("a GeoPackage gets its layer's default style in layer_styles", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    write_all(path, styled_events(), {}, styled_def());

    auto rows = style_rows(path);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].table == "events");
    CHECK(rows[0].geometry_column == "geom");  // what QGIS matches f_geometry_column against
    CHECK(rows[0].name == "geoevent");
    CHECK(rows[0].use_as_default == 1);
    const std::string& qml = rows[0].qml;
    CHECK_THAT(qml, Catch::StartsWith("<!DOCTYPE qgis"));
    CHECK_THAT(qml, Catch::Contains("type=\"categorizedSymbol\" attr=\"actor1\""));
    // The two actors written plus the catch-all class; the null actor adds no class.
    CHECK(count(qml, "<category ") == 3);
    CHECK_THAT(qml, Catch::Contains("value=\"Islamic State\""));
    CHECK_THAT(qml, Catch::Contains("value=\"Syrian government forces\""));
    CHECK_THAT(qml, Catch::Contains("startField=\"event_date\""));
    CHECK_THAT(qml, Catch::Contains("fieldName=\"concat(&quot;place&quot;, &apos; &apos;, &quot;event_date&quot;)\""));
    CHECK_THAT(rows[0].sld, Catch::Contains("<ogc:Literal>Islamic State</ogc:Literal>"));

    // QGIS finds the table through OGR, so it must be registered like any attribute table.
    auto ds = open_for_reading(path, "GPKG");
    OGRLayer* contents = ds->ExecuteSQL(
        "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'", nullptr, nullptr);
    REQUIRE(contents != nullptr);
    OGRFeatureUniquePtr row(contents->GetNextFeature());
    REQUIRE(row);
    CHECK(std::string(row->GetFieldAsString(0)) == "attributes");
    ds->ReleaseResultSet(contents);
}

TEST_CASE("appending replaces the style with one that has the new values' classes", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    auto events = styled_events();
    write_all(path, {events[0]}, {}, styled_def());
    REQUIRE(count(style_rows(path)[0].qml, "<category ") == 2);

    WriterOptions append;
    append.append = true;
    write_all(path, {events[1]}, append, styled_def());
    auto rows = style_rows(path);
    REQUIRE(rows.size() == 1);  // replaced, not added
    // Islamic State was only in the file already, Syrian government forces only in this run.
    CHECK_THAT(rows[0].qml, Catch::Contains("value=\"Islamic State\"") &&
                                Catch::Contains("value=\"Syrian government forces\""));
    CHECK(count(rows[0].qml, "<category ") == 3);
}

TEST_CASE("a default style the user chose in QGIS stays the default", "[output]") {
    TempDir dir;
    std::string path = dir / "events.gpkg";
    write_all(path, {styled_events()[0]}, {}, styled_def());
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        REQUIRE(ds);
        ds->ExecuteSQL("UPDATE layer_styles SET useAsDefault = 0", nullptr, nullptr);
        ds->ExecuteSQL("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                       "f_geometry_column, styleName, styleQML, useAsDefault) VALUES "
                       "('', '', 'events', 'geom', 'mine', '<qgis/>', 1)",
                       nullptr, nullptr);
    }
    WriterOptions append;
    append.append = true;
    write_all(path, {styled_events()[1]}, append, styled_def());
    std::map<std::string, int> defaults;
    for (const auto& row : style_rows(path)) defaults[row.name] = row.use_as_default;
    CHECK(defaults == std::map<std::string, int>{{"geoevent", 0}, {"mine", 1}});
}

TEST_CASE("a one-layer file gets its style as a .qml next to it, published with it", "[output]") {
    TempDir dir;
    std::string path = dir / "events.geojson";
    write_all(path, styled_events(), {}, styled_def());
    std::string qml = slurp(dir / "events.qml");
    CHECK_THAT(qml, Catch::StartsWith("<!DOCTYPE qgis") &&
                        Catch::Contains("attr=\"actor1\"") && Catch::EndsWith("</qgis>\n"));
    CHECK_FALSE(any_temp_file(dir.path()));

    // No style asked for: no sidecar.
    TempDir plain;
    write_all(plain / "events.geojson", sample_events());
    CHECK_FALSE(fs::exists(plain / "events.qml"));
}

TEST_CASE("appending to a one-layer file rewrites its .qml with old and new classes", "[output]") {
    // GeoJSON is appended by rewriting: the old features are copied, and their actors
    // must reach the style as well as the new ones.
    TempDir dir;
    std::string path = dir / "events.geojson";
    auto events = styled_events();
    write_all(path, {events[0]}, {}, styled_def());
    REQUIRE_THAT(slurp(dir / "events.qml"), !Catch::Contains("Syrian government forces"));
    WriterOptions append;
    append.append = true;
    write_all(path, {events[1]}, append, styled_def());
    CHECK_THAT(slurp(dir / "events.qml"), Catch::Contains("value=\"Islamic State\"") &&
                                              Catch::Contains("value=\"Syrian government forces\""));
}

TEST_CASE("a failed run leaves no .qml behind", "[output]") {
    TempDir dir;
    {
        auto writer = DatasetWriter::open(dir / "events.geojson");
        auto layer = writer.layer(styled_def());
        writer.write(layer, styled_events()[0]);
    }  // destroyed without close(): discarded
    CHECK(entries(dir.path()).empty());
}

TEST_CASE("a style naming fields the layer lacks is refused before writing", "[output]") {
    TempDir dir;
    auto writer = DatasetWriter::open(dir / "events.gpkg");
    LayerDef def = styled_def();
    def.style->category_field = "gainer";
    CHECK_THROWS_WITH(writer.layer(def), Catch::Contains("'gainer'") && Catch::Contains("not one of its fields"));
    def = styled_def();
    def.style->temporal_start = "place";  // a string, not a date
    CHECK_THROWS_WITH(writer.layer(def), Catch::Contains("temporal field 'place'") &&
                                             Catch::Contains("date"));
    def = styled_def();
    def.style->category_field = "casualties";  // an integer
    CHECK_THROWS_WITH(writer.layer(def), Catch::Contains("must be a string field"));
}

TEST_CASE("category colours follow the value and differ within a layer", "[output]") {
    using geoevent::output::detail::category_colors;
    std::vector<std::string> actors;
    for (int i = 0; i < 12; ++i) actors.push_back("actor " + std::to_string(i));
    auto colors = category_colors(actors);
    std::set<std::tuple<int, int, int>> distinct;
    for (auto c : colors) distinct.insert({c.r, c.g, c.b});
    CHECK(distinct.size() == 12);
    for (auto c : colors) CHECK_FALSE((c.r == c.g && c.g == c.b));  // grey is "other"

    // The same actors in another layer get the same colours: the map reads as one.
    auto again = category_colors(actors);
    for (std::size_t i = 0; i < actors.size(); ++i)
        CHECK(std::tie(colors[i].r, colors[i].g, colors[i].b) ==
              std::tie(again[i].r, again[i].g, again[i].b));
    // A value with no colliding neighbour keeps its colour whatever else the layer holds.
    auto alone = category_colors({"Islamic State"});
    auto among = category_colors({"Islamic State", "Kurdish forces"});
    CHECK(std::tie(alone[0].r, alone[0].g, alone[0].b) == std::tie(among[0].r, among[0].g, among[0].b));
}

TEST_CASE("style text is XML-escaped", "[output]") {
    using geoevent::output::detail::style_qml;
    LayerStyle style{"actor1", "", "", "", ""};
    auto qml = style_qml(style, GeometryType::point, {"A & B <\"forces\">"});
    CHECK_THAT(qml.body, Catch::Contains("value=\"A &amp; B &lt;&quot;forces&quot;&gt;\""));
    CHECK_THAT(qml.body, !Catch::Contains("A & B"));
}
