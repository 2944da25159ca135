#include "output/srs.hpp"

#include <cpl_error.h>

#include "geoevent/error.hpp"

namespace geoevent::output::detail {

OGRSpatialReference wgs84_lon_lat() {
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

OGRSpatialReference parse_crs(const std::string& text) {
    OGRSpatialReference srs;
    // A CRS string must not make the writer fetch URLs; files (.prj, .wkt) are fine.
    const char* const limits[] = {"ALLOW_NETWORK_ACCESS=NO", nullptr};
    CPLErrorReset();
    if (text.empty() || srs.SetFromUserInput(text.c_str(), limits) != OGRERR_NONE) {
        std::string detail = CPLGetLastErrorMsg();
        throw UsageError("unknown CRS '" + text + "'" + (detail.empty() ? "" : ": " + detail),
                         "give an EPSG code (EPSG:3857, EPSG:32637), a PROJ string or WKT; "
                         "`projinfo <crs>` shows whether PROJ knows it");
    }
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

bool same_crs(const OGRSpatialReference& a, const OGRSpatialReference& b) {
    const char* const options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                                   "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    return a.IsSame(&b, options) != 0;
}

TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to) {
    if (same_crs(from, to)) return nullptr;
    CPLErrorReset();
    TransformPtr ct(OGRCreateCoordinateTransformation(&from, &to));
    if (!ct) {
        std::string detail = CPLGetLastErrorMsg();
        throw UsageError("no coordinate operation from " + crs_label(from) + " to " +
                             crs_label(to) + (detail.empty() ? "" : ": " + detail),
                         "choose another output CRS");
    }
    return ct;
}

std::string crs_label(const OGRSpatialReference& srs) {
    std::string label = srs.GetName() ? srs.GetName() : "unnamed CRS";
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (authority && code) label += " (" + std::string(authority) + ":" + code + ")";
    return label;
}

}  // namespace geoevent::output::detail
