#include "cli/command_control.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <ostream>

#include "cli/cli.hpp"
#include "geoevent/control/areas.hpp"
#include "geoevent/control/event_reader.hpp"
#include "geoevent/control/history.hpp"
#include "geoevent/error.hpp"
#include "geoevent/output/dataset_writer.hpp"
#include "geoevent/output/drivers.hpp"
#include "geoevent/output/qgis_project.hpp"

namespace geoevent::cli {

namespace {

using output::FieldType;

// Controllers coloured alike in both layers (the colour follows the name); the points
// are squares so that they read apart from event circles when both are on one map, and
// unlabelled because the events on such a map already name the places.
output::LayerStyle control_style() {
    output::LayerStyle style;
    style.category_field = "controller";
    style.temporal_start = "valid_from";
    style.temporal_end = "valid_to";
    style.title = "Control by place";
    style.marker = "square";
    return style;
}

output::LayerStyle areas_style() {
    output::LayerStyle style;
    style.category_field = "controller";
    style.title = "Control areas";
    return style;
}

output::LayerDef control_layer() {
    return {"control",
            {{"location", FieldType::string},
             {"geonameid", FieldType::integer64},
             {"country", FieldType::string},
             {"controller", FieldType::string},
             {"valid_from", FieldType::date},
             {"valid_to", FieldType::date},
             {"current", FieldType::integer},
             {"basis", FieldType::string},
             {"event_id", FieldType::string},
             {"ended_by", FieldType::string},
             {"as_of", FieldType::date}},
            output::GeometryType::point,
            {},
            control_style()};
}

output::LayerDef areas_layer() {
    return {"control_areas",
            {{"controller", FieldType::string}, {"as_of", FieldType::date}, {"places", FieldType::integer}},
            output::GeometryType::multi_polygon,
            {},
            areas_style()};
}

output::Value date_value(const Date& d) { return output::Date{d.year, d.month, d.day}; }
output::Value text(const std::string& s) { return s.empty() ? output::Value{} : output::Value{s}; }

// --boundaries, else $GEOEVENT_BOUNDARIES, else the bundled file next to the executable
// (<bin>/../share/geoevent/boundaries, the same in the build tree and in an install).
std::string resolve_boundaries(const std::string& option_value) {
    if (!option_value.empty()) return option_value;
    if (const char* env = std::getenv("GEOEVENT_BOUNDARIES"); env && *env) return env;
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "countries.geojson";
    return (exe.parent_path().parent_path() / "share" / "geoevent" / "boundaries" / "countries.geojson").string();
}

// These formats hold one layer per file, so the areas go to a file of their own next to
// the output (c.geojson -> c_areas.geojson) rather than fail after the points are done.
std::string areas_target(const std::string& output, const std::string& driver) {
    for (const char* single : {"GeoJSON", "GeoJSONSeq", "FlatGeobuf", "CSV", "ESRI Shapefile"})
        if (driver == single) {
            std::filesystem::path p(output);
            return (p.parent_path() / (p.stem().string() + "_areas" + p.extension().string())).string();
        }
    return {};
}

}  // namespace

void ControlCommand::setup(CLI::App& app) {
    app.add_option("EVENTS", m_inputs, "event datasets written by `geoevent extract` (layer `events`; any OGR format)")
        ->required();
    app.add_option("--as-of", m_as_of, "the date of the map (YYYY-MM-DD; default: today, UTC); later events are ignored")
        ->type_name("DATE");
    app.add_option("-o,--output", m_output, "output dataset: .gpkg, .geojson, .fgb, .csv, .shp or PG:… (layers `control` "
                                            "and `control_areas`; one-layer formats get the areas in OUT_areas.EXT)")
        ->required()->type_name("PATH");
    app.add_option("-f,--format", m_driver, "OGR driver name when the extension is not enough")->type_name("DRIVER");
    app.add_option("--t-srs", m_t_srs, "output CRS, e.g. EPSG:3857 (default: WGS 84 lon/lat)");
    app.add_option("--boundaries", m_boundaries,
                   "country polygons with an iso2 field to clip areas to (default: $GEOEVENT_BOUNDARIES, else the "
                   "bundled Natural Earth boundaries)")
        ->type_name("PATH");
    app.add_flag("--overwrite", m_overwrite, "replace an existing output");
    app.add_option("--qgis-project", m_qgis_project,
                   "also write a QGIS project with the styled layers (default path: the output with .qgs; "
                   "required for PG: outputs)")
        ->expected(0, 1)->type_name("[PATH]");
    app.add_flag("--no-areas", m_no_areas, "write the `control` points and history only, no `control_areas`");
    app.add_flag("--quiet", m_quiet, "no summary line");
}

int ControlCommand::run(Context& ctx) {
    Date as_of = Date::today_utc();
    if (!m_as_of.empty()) {
        auto d = Date::parse_iso(m_as_of);
        if (!d) throw UsageError("--as-of '" + m_as_of + "' is not a date", "use YYYY-MM-DD, e.g. --as-of 2017-11-10");
        as_of = *d;
    }
    // Standard output carries one layer; the areas would need a second stream.
    if (m_output == "-" && !m_no_areas)
        throw UsageError("-o - streams one layer to standard output; control_areas would need a second one",
                         "add --no-areas to stream the control points, or write a file such as -o control.gpkg");
    if (m_output == "-" && m_qgis_project)
        throw UsageError("-o - streams to standard output, which a QGIS project cannot point at",
                         "write to a file for --qgis-project");
    output::WriterOptions wopts;
    wopts.driver = m_driver;
    wopts.overwrite = m_overwrite;
    wopts.t_srs = m_t_srs;
    wopts.can_append = false;  // history rows are recomputed from all events, never added to
    // Refuse a bad target (or project path) before reading anything.
    std::string project;
    if (m_qgis_project) project = m_qgis_project->empty() ? output::default_project_path(m_output) : *m_qgis_project;
    if (!project.empty() && !m_overwrite && std::filesystem::exists(project))
        throw UsageError(project + " already exists", "add --overwrite to replace it and the output");
    auto writer = output::DatasetWriter::open(m_output, wopts);
    std::string areas_file = m_no_areas ? "" : areas_target(m_output, output::resolve_driver(m_output, m_driver));
    std::optional<output::DatasetWriter> areas_writer;
    if (!areas_file.empty()) areas_writer.emplace(output::DatasetWriter::open(areas_file, wopts));
    std::vector<control::CountryBoundary> boundaries;
    if (!m_no_areas) boundaries = control::load_boundaries(resolve_boundaries(m_boundaries));

    std::vector<event::Event> events;
    std::uint64_t skipped = 0;
    // Accumulated runs often overlap; an event read twice must not count twice.
    std::set<std::string> seen;
    for (const auto& input : m_inputs) {
        auto r = control::read_events(input);
        skipped += r.skipped;
        for (auto& e : r.events)
            if (e.event_id.empty() || seen.insert(e.event_id).second) events.push_back(std::move(e));
    }
    auto history = control::compute_history(events, as_of);

    auto points = writer.layer(control_layer());
    std::uint64_t current = 0;
    for (const auto& place : history.places) {
        for (const auto& p : place.periods) {
            bool now = !p.valid_to;
            current += now;
            output::Feature f;
            f.values = {place.location, std::int64_t{place.geonameid}, text(place.country), p.controller,
                        date_value(p.valid_from), p.valid_to ? date_value(*p.valid_to) : output::Value{},
                        std::int64_t{now}, std::string(event::to_string(p.basis)), text(p.event_id),
                        text(p.ended_by), date_value(as_of)};
            f.geometry = output::LonLat{place.longitude, place.latitude};
            writer.write(points, f);
        }
    }
    std::size_t area_count = 0;
    if (!m_no_areas) {
        auto areas = control::control_areas(control::current_sites(history), boundaries);
        auto& target = areas_writer ? *areas_writer : writer;
        auto layer = target.layer(areas_layer());
        for (const auto& a : areas) {
            output::Feature f;
            f.values = {a.controller, date_value(as_of), static_cast<std::int64_t>(a.places)};
            f.geometry = output::Wkt{a.wkt};
            target.write(layer, f);
        }
        area_count = areas.size();
    }
    writer.close();
    if (areas_writer) areas_writer->close();
    if (!project.empty()) {
        // Top first: points over areas.
        auto layers = writer.qgis_layers();
        if (areas_writer)
            for (auto& l : areas_writer->qgis_layers()) layers.push_back(std::move(l));
        output::write_qgis_project(project, layers, m_overwrite);
    }

    const auto& ig = history.ignored;
    if (skipped)
        ctx.err << "geoevent: warning: " << skipped << " feature(s) without a known event_class or position skipped\n";
    if (ig.undated || ig.inconsistent || ig.no_actor)
        ctx.err << "geoevent: note: ignored " << ig.undated << " undated event(s), " << ig.no_actor
                << " without actor1, " << ig.inconsistent << " withdrawal(s) by someone not holding the place\n";
    if (!m_quiet)
        ctx.err << "geoevent control: " << events.size() << " events, " << ig.after_as_of << " after " << as_of.iso()
                << " ignored, " << history.places.size() << " places, " << current << " controlled, " << area_count
                << " areas written to " << m_output << (areas_file.empty() ? "" : " and " + areas_file)
                << (project.empty() ? "" : ", project " + project) << "\n";
    return Exit::ok;
}

}  // namespace geoevent::cli
