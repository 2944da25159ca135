#pragma once
// The GeoPackage spatial index ("gpkg_rtree_index" extension) of a layer, built in one
// pass by packing the features' boxes (rtree_pack.hpp) instead of GDAL 3.6's one R*-tree
// insertion per feature at close, which cost more than writing the features themselves.
#include <optional>
#include <string>
#include <vector>

#include "output/rtree_pack.hpp"

namespace geoevent::output::detail {

struct GpkgRtreeTarget {
    std::string table;            // the layer's table
    std::string geometry_column;  // "geom"
    std::string fid_column;       // "fid"
};

enum class RtreeBuild {
    built,
    // A geometry blob this code does not read (a non-point without an envelope in its
    // header, which GDAL never writes): nothing was changed; let GDAL build the index.
    unsupported,
};

// Creates rtree_<table>_<geometry> in the closed GeoPackage at `path`, fills it from
// every non-empty geometry of the table, registers it in gpkg_extensions and adds the
// triggers GDAL creates with SPATIAL_INDEX=YES (so that later edits keep it in sync).
// One transaction: on failure the file is as before. The file is a staged copy, so its
// writes skip fsync (the caller fsyncs before publishing). Throws std::runtime_error
// with SQLite's message. `known`: the boxes of every non-empty geometry in FID order, when
// the caller inserted the rows itself (gpkg_direct.hpp), moved in since the packing sorts
// them in place; otherwise they are read back from the table.
RtreeBuild build_gpkg_rtree(const std::string& path, const GpkgRtreeTarget& target,
                            std::optional<std::vector<RtreeEntry>> known = std::nullopt);

}  // namespace geoevent::output::detail
