#include <ogrsf_frmts.h>

#include "geoevent/error.hpp"
#include "output/field_values.hpp"
#include "output/geometry.hpp"
#include "output/postgres.hpp"
#include "output/srs.hpp"
#include "output/writer_impl.hpp"

namespace geoevent::output {

using namespace detail;

LayerState DatasetWriter::Impl::new_layer_state(const LayerDef& def) const {
    LayerState state;
    state.unique = check_layer_def(def);
    state.category = check_layer_style(def);
    state.def = def;
    state.where = where(def.name);
    return state;
}

void DatasetWriter::Impl::set_transform(LayerState& state, bool has_data) {
    if (state.def.geometry == GeometryType::none) return;
    const OGRSpatialReference* layer_srs = state.layer->GetSpatialRef();
    if (layer_srs == nullptr) {
        state.transform = make_transform(wgs84_lon_lat(), output_srs);
        return;
    }
    // An existing layer keeps its CRS; a different --t-srs would mix two CRSs in one layer.
    // A new one differs only when the format has a fixed CRS (GeoJSONSeq's WGS 84).
    OGRSpatialReference srs(*layer_srs);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!options.t_srs.empty() && !same_crs(srs, output_srs))
        throw UsageError(describe(state.where) + " is in " + crs_label(srs) +
                             ", not in the requested " + crs_label(output_srs),
                         has_data ? "drop --t-srs to append in the layer's CRS, or use --overwrite"
                                  : "drop --t-srs, or write GPKG or FlatGeobuf instead");
    state.transform = make_transform(wgs84_lon_lat(), srs);
}

void DatasetWriter::Impl::attach_existing(LayerState& state, OGRLayer& layer) {
    attach_layer(layer, state, driver.name == "ESRI Shapefile",
                 [this](OGRFieldType t) { return creatable_field_type(driver, t); });
    OGRwkbGeometryType existing = wkbFlatten(layer.GetGeomType());
    OGRwkbGeometryType wanted = ogr_geometry_type(state.def.geometry);
    bool compatible = existing == wkbUnknown || existing == wanted ||
                      (wanted == wkbPolygon && existing == wkbMultiPolygon) ||
                      (wanted == wkbMultiPolygon && existing == wkbPolygon &&
                       driver.name == "ESRI Shapefile");  // a .shp calls both "polygon"
    if (!compatible)
        throw UsageError(describe(state.where) + " holds " + OGRGeometryTypeToName(existing) +
                             " geometries, not " + to_string(state.def.geometry) + "s",
                         "write to a new file, or replace this one with --overwrite");
    if (database() && state.unique >= 0 && driver.name == "PostgreSQL")
        ensure_unique_index(*dataset, layer, state.field_index[std::size_t(state.unique)],
                            state.where);
    load_ids(state);
    state.had_features = true;  // unknown extent: ask the layer
    set_transform(state, true);
}

OGRLayer* DatasetWriter::Impl::take_source_layer(const std::string& name) {
    if (!append_source) return nullptr;
    OGRLayer* layer = find_layer(*append_source, name, driver.single_layer);
    if (layer == nullptr) return nullptr;
    for (int i = 0; i < append_source->GetLayerCount(); ++i)
        if (append_source->GetLayer(i) == layer) {
            if (source_used[std::size_t(i)]) return nullptr;
            source_used[std::size_t(i)] = true;
        }
    return layer;
}

void DatasetWriter::Impl::create_new(LayerState& state) {
    OGRLayer* source = take_source_layer(state.def.name);
    OGRSpatialReference srs = output_srs;
    if (source != nullptr && source->GetSpatialRef() != nullptr) {
        srs = *source->GetSpatialRef();  // the appended file keeps its CRS
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    // GPKG and SQLite refuse to create tables inside an open transaction.
    commit_batch();
    bool wgs84 = same_crs(srs, wgs84_lon_lat());
    create_layer(*dataset, state, &srs,
                 layer_creation_options(driver, options, state.def.geometry, wgs84),
                 [this](OGRFieldType t) { return creatable_field_type(driver, t); });
    if (database() && state.unique >= 0 && driver.name == "PostgreSQL")
        ensure_unique_index(*dataset, *state.layer,
                            state.field_index[std::size_t(state.unique)], state.where);
    state.bulk_rtree = writer_builds_rtree(driver, options, state.def.geometry);
    state.table = state.layer->GetName();
    set_transform(state, source != nullptr);
    if (source != nullptr)
        copy_features(*source, state, driver.reader_fields, [this] { after_insert(); });
    else if (staging && writer_inserts_rows(driver, options))
        start_direct(state);
}

void DatasetWriter::Impl::start_direct(LayerState& state) {
    const LayerDef& def = state.def;
    OGRFeatureDefn* defn = state.layer->GetLayerDefn();
    std::vector<std::string> columns;
    std::vector<FieldType> types;
    for (std::size_t i = 0; i < def.fields.size(); ++i) {
        OGRFieldDefn* field = defn->GetFieldDefn(state.field_index[i]);
        if (field->GetType() != ogr_field_type(def.fields[i].type)) return;  // OGR converts; keep it
        columns.emplace_back(field->GetNameRef());
        types.push_back(def.fields[i].type);
    }
    auto* db = static_cast<sqlite3*>(dataset->GetInternalHandle("SQLITE_HANDLE"));
    if (db == nullptr) return;
    // GDAL creates a new layer's table with its first feature, or when asked to sync.
    if (state.layer->SyncToDisk() != OGRERR_NONE) throw gdal_error(state.where, "cannot create the table");
    std::string geometry = def.geometry == GeometryType::none ? "" : state.layer->GetGeometryColumn();
    try {
        state.direct = std::make_unique<GpkgDirectInsert>(db, state.table, geometry, columns, types);
    } catch (const std::exception& e) {
        throw GdalError(describe(state.where) + ": cannot prepare to insert rows: " + e.what());
    }
    state.wrote_directly = true;
}

LayerHandle DatasetWriter::layer(const LayerDef& def) {
    if (!m_impl) throw UsageError("layer() on a moved-from DatasetWriter");
    Impl& w = *m_impl;
    if (w.closed) throw UsageError("layer() after close() of " + describe(w.where()));
    if (w.failed) throw GdalError(describe(w.where()) + ": an earlier error stopped the output");
    LayerState state = w.new_layer_state(def);
    for (const auto& other : w.layers)
        if (other.def.name == def.name)
            throw UsageError(describe(w.where(def.name)) + " was already opened by layer()");

    ErrorScope scope(&w.warnings);
    try {
        // A fresh file has no layers to find; a copy being appended to or a database may.
        OGRLayer* existing = nullptr;
        if (!w.append_source && (w.options.append || w.database()))
            existing = find_layer(*w.dataset, def.name, w.driver.single_layer);
        for (const auto& other : w.layers)
            if (other.layer == existing) existing = nullptr;  // single-layer fallback, taken
        if (existing != nullptr && w.database() && !w.options.append) {
            if (!w.options.overwrite)
                throw UsageError(describe(state.where) + " already exists", w.exists_hint());
            for (int i = 0; i < w.dataset->GetLayerCount(); ++i)
                if (w.dataset->GetLayer(i) == existing && w.dataset->DeleteLayer(i) != OGRERR_NONE)
                    throw gdal_error(state.where, "cannot drop the existing table");
            existing = nullptr;
        }
        if (existing != nullptr) w.attach_existing(state, *existing);
        else w.create_new(state);
    } catch (const GdalError&) {
        w.failed = true;  // the dataset may be half-changed; never publish it
        w.abandon();
        throw;
    }
    w.layers.push_back(std::move(state));
    return LayerHandle(&w, w.layers.size() - 1);
}

}  // namespace geoevent::output
