#pragma once
// Reads events back from a dataset written by `geoevent extract` (any OGR format:
// GeoPackage, GeoJSON, FlatGeobuf, CSV, PG:…), so control maps can be recomputed from
// accumulated runs without the articles.
#include <cstdint>
#include <string>
#include <vector>

#include "geoevent/event/event.hpp"

namespace geoevent::control {

struct ReadResult {
    std::vector<event::Event> events;
    std::uint64_t skipped = 0;  // features without a known event_class or a position
};

// Reads layer `layer` (default `events`, or the only layer of a one-layer dataset).
// Coordinates come from the latitude/longitude fields (always WGS 84), else from the
// point geometry reprojected to WGS 84. Throws GdalError when the dataset or layer
// cannot be opened, InputError when a required field (event_class, event_date, actor1)
// is missing.
ReadResult read_events(const std::string& dataset, const std::string& layer = "events");

}  // namespace geoevent::control
