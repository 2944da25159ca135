#pragma once
// Control areas: the Voronoi cells of the controlled places, clipped to the countries'
// boundaries and dissolved by controller — the familiar front-line map. GEOS does the
// geometry inside; this header has plain values only.
#include <cstdint>
#include <string>
#include <vector>

#include "geoevent/control/history.hpp"

namespace geoevent::control {

struct CountryBoundary {
    std::string iso2;  // may be empty (Natural Earth has a few areas without a code)
    std::string name;
    std::string wkb;   // (multi)polygon, WGS 84 lon/lat, ISO WKB bytes
    double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};

// Country polygons with an `iso2` field, read from any OGR dataset (the bundled
// gazetteer/boundaries/countries.geojson, from Natural Earth). Throws GdalError when
// unreadable, InputError when the layer has no `iso2` field.
std::vector<CountryBoundary> load_boundaries(const std::string& path);

struct Site {
    double longitude = 0;
    double latitude = 0;
    std::string country;  // ISO2; empty when unknown (then the country containing it)
    std::string controller;
};

// The places that have a controller on the as-of date.
std::vector<Site> current_sites(const ControlHistory& history);

struct Area {
    std::string controller;
    std::string wkt;  // MULTIPOLYGON, WGS 84 lon/lat
    std::uint64_t places = 0;
};

struct AreaOptions {
    // A place that the 1:50m coastline leaves in the sea (a port, an island town) keeps
    // a disc of this radius, in degrees (~2 km), within its cell: otherwise it would
    // have no area at all.
    double place_margin = 0.02;
};

// One area per controller, sorted by controller. The cells are clipped to the union of
// the boundaries of the sites' countries (and of any country containing a site), so
// areas never reach over the sea or into countries without events. Areas of different
// controllers only touch. Sites at the same coordinates share one cell, which goes to
// the controller most of them have (ties: the first by name). Throws geoevent::Error
// when GEOS fails.
std::vector<Area> control_areas(const std::vector<Site>& sites, const std::vector<CountryBoundary>& boundaries,
                                const AreaOptions& options = {});

}  // namespace geoevent::control
