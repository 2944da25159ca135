#pragma once
// The user overlay: local knowledge applied on top of GeoNames at every build and refresh.
// A UTF-8 TSV file; blank lines and lines starting with '#' are ignored. One directive
// per line, first column the directive:
//   place    <geonameid> <name> <lat> <lon> <feature_code> <country> [admin1] [population] [alt1,alt2,…]
//   alias    <geonameid> <name>
//   suppress <name> [geonameid]     (no geonameid: the name never matches any place)
// Ids of your own places should be ≥ 900000000 to stay clear of GeoNames ids.
#include <cstdint>
#include <string>
#include <vector>

#include "geoevent/gazetteer/records.hpp"

namespace geoevent::gazetteer {

struct OverlayAlias {
    std::uint32_t geonameid = 0;
    std::string name;
};

struct OverlaySuppression {
    std::string name;
    std::uint32_t geonameid = 0;  // 0 = every place
};

struct Overlay {
    std::vector<PlaceRecord> places;
    std::vector<OverlayAlias> aliases;
    std::vector<OverlaySuppression> suppressions;

    // Throws InputError naming the file and line of the first bad directive: an overlay
    // is small and hand-written, so failing loudly beats skipping silently.
    static Overlay load(const std::string& path);
};

}  // namespace geoevent::gazetteer
