#pragma once
// One output layer while it is written: where its fields are in OGR, which unique_field
// values it already holds, how to reproject into it.
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <cpl_string.h>
#include <ogr_feature.h>

#include "geoevent/output/dataset_writer.hpp"
#include "output/gdal_util.hpp"
#include "output/gpkg_direct.hpp"
#include "output/id_set.hpp"
#include "output/qgis_style.hpp"
#include "output/rtree_pack.hpp"
#include "output/srs.hpp"
#include "output/style_table.hpp"

class GDALDataset;
class OGRGeometry;
class OGRLayer;

namespace geoevent::output::detail {

struct LayerState {
    LayerDef def;
    Where where;
    OGRLayer* layer = nullptr;     // owned by the dataset
    OGRFeatureUniquePtr scratch;   // reused by write(); released before the dataset
    std::vector<int> field_index;  // def.fields[i] is OGR field field_index[i]
    int unique = -1;               // position of def.unique_field in def.fields, or -1
    IdSet ids;                     // the unique_field values the layer holds
    TransformPtr transform;        // WGS 84 -> the layer's CRS; null if the same
    WriteCounts counts;
    // Position of def.style->category_field in def.fields, or -1, and the distinct values
    // the layer holds in it (written, copied or already there): the style's classes.
    int category = -1;
    std::set<std::string> categories;
    // Filled by close(), for qgis_layers(): the style as written and, in a database,
    // where the table is.
    Qml qml;
    PgTable pg;
    std::string geometry_column;  // "geom", "wkb_geometry"; empty for files that have none
    std::string fid_column;
    std::string crs_authid;       // "EPSG:4326", or empty
    std::string crs_wkt;
    bool geographic = true;
    double extent[4] = {0, 0, 0, 0};
    // A GeoPackage layer created without GDAL's spatial index, whose R-tree close()
    // bulk-loads after GDAL has closed the file; `table` is its name there.
    bool bulk_rtree = false;
    std::string table;
    // Rows inserted through SQLite rather than OGR (a new GeoPackage layer): the
    // inserter (released before the dataset), the geometry blob it reuses, and, for the
    // R-tree packed at close, every row's box in FID order (no need to read them back).
    std::unique_ptr<GpkgDirectInsert> direct;
    bool wrote_directly = false;  // stays true after `direct` is released
    std::string blob;
    std::vector<RtreeEntry> rtree_entries;
    // The envelope of the geometries written or copied into the layer (min x, min y,
    // max x, max y), and whether the layer held features before (an attached one): for
    // formats whose GetExtent() reads the whole file back (GeoJSONSeq, CSV), where that
    // was 40 % of a GeoJSONSeq run.
    double own_extent[4] = {0, 0, 0, 0};
    bool has_own_extent = false;
    bool had_features = false;
    void extend(const OGRGeometry* geometry);
    void extend(double min_x, double min_y, double max_x, double max_y);
};

// UsageError for an empty or duplicate name, or a unique_field that is missing or not a
// string/integer field. Returns the position of unique_field, or -1.
int check_layer_def(const LayerDef& def);

// UsageError when the style names fields the layer lacks (or that have the wrong type).
// Returns the position of the style's category field, or -1.
int check_layer_style(const LayerDef& def);

// The layer named `name`, or the only layer of a single-layer format: a Shapefile's or
// CSV's layer is named after its file, not after the layer that was written into it.
OGRLayer* find_layer(GDALDataset& dataset, const std::string& name, bool single_layer_format);

// Creates the layer and its fields, each of the type `field_type` maps the wanted type
// to; fills state.layer and state.field_index. `srs` is not changed (GDAL 3.6 only lacks
// the const); the layer gets a copy.
void create_layer(GDALDataset& dataset, LayerState& state, OGRSpatialReference* srs,
                  CPLStringList options,
                  const std::function<OGRFieldType(OGRFieldType)>& field_type);

// Uses an existing layer: maps fields by name (case-insensitively, or on their first 10
// characters when `dbf_names`, the Shapefile limit), adds the missing ones, refuses
// (UsageError) a field whose type cannot hold the definition's values.
void attach_layer(OGRLayer& layer, LayerState& state, bool dbf_names,
                  const std::function<OGRFieldType(OGRFieldType)>& field_type);

// Reads the unique_field values already in the layer into state.ids, and its style's
// category values into state.categories.
void load_ids(LayerState& state);

// Copies every feature of `from` into state's layer (mapping fields by name, adding the
// fields `from` has beyond the definition except `skip`) and remembers their ids and
// categories.
void copy_features(OGRLayer& from, LayerState& state, const std::vector<std::string>& skip,
                   const std::function<void()>& after_insert);

}  // namespace geoevent::output::detail
