#include "output/layer_state.hpp"

#include <algorithm>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "geoevent/error.hpp"
#include "output/field_values.hpp"
#include "output/geometry.hpp"

namespace geoevent::output::detail {

int check_layer_def(const LayerDef& def) {
    if (def.name.empty()) throw UsageError("an output layer needs a name");
    int unique = -1;
    for (std::size_t i = 0; i < def.fields.size(); ++i) {
        const auto& name = def.fields[i].name;
        if (name.empty()) throw UsageError("layer '" + def.name + "' has a field without a name");
        for (std::size_t j = 0; j < i; ++j)
            if (EQUAL(def.fields[j].name.c_str(), name.c_str()))  // OGR ignores case
                throw UsageError("layer '" + def.name + "' declares field '" + name + "' twice");
        if (name == def.unique_field) unique = static_cast<int>(i);
    }
    if (def.unique_field.empty()) return -1;
    if (unique < 0)
        throw UsageError("layer '" + def.name + "': unique field '" + def.unique_field +
                         "' is not one of its fields");
    auto type = def.fields[static_cast<std::size_t>(unique)].type;
    if (type != FieldType::string && type != FieldType::integer && type != FieldType::integer64)
        throw UsageError("layer '" + def.name + "': unique field '" + def.unique_field +
                         "' must be a string or integer field, not " + to_string(type));
    return unique;
}

int check_layer_style(const LayerDef& def) {
    if (!def.style) return -1;
    const LayerStyle& style = *def.style;
    auto position = [&](const std::string& field) {
        for (std::size_t i = 0; i < def.fields.size(); ++i)
            if (def.fields[i].name == field) return static_cast<int>(i);
        throw UsageError("layer '" + def.name + "': its style uses field '" + field +
                         "', which is not one of its fields");
    };
    for (const std::string* field : {&style.temporal_start, &style.temporal_end}) {
        if (field->empty()) continue;
        auto type = def.fields[static_cast<std::size_t>(position(*field))].type;
        if (type != FieldType::date && type != FieldType::date_time)
            throw UsageError("layer '" + def.name + "': temporal field '" + *field +
                             "' must be a date or date-time field, not " + to_string(type));
    }
    if (!style.temporal_end.empty() && style.temporal_start.empty())
        throw UsageError("layer '" + def.name + "': a temporal end field needs a start field");
    if (style.category_field.empty()) return -1;
    int category = position(style.category_field);
    auto type = def.fields[static_cast<std::size_t>(category)].type;
    if (type != FieldType::string)
        throw UsageError("layer '" + def.name + "': category field '" + style.category_field +
                         "' must be a string field, not " + to_string(type));
    return category;
}

OGRLayer* find_layer(GDALDataset& dataset, const std::string& name, bool single_layer_format) {
    // Some drivers (PG) report a missing table as an error; that is an answer, not a failure.
    OGRLayer* found = nullptr;
    {
        CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
        found = dataset.GetLayerByName(name.c_str());
    }
    CPLErrorReset();
    if (found != nullptr) return found;
    if (single_layer_format && dataset.GetLayerCount() == 1) return dataset.GetLayer(0);
    return nullptr;
}

namespace {

int add_field(OGRLayer& layer, OGRFieldDefn& field, const Where& where) {
    if (layer.CreateField(&field) != OGRERR_NONE)
        throw gdal_error(where, std::string("cannot create field '") + field.GetNameRef() + "'");
    // Drivers may launder or truncate the name, so find the field by position.
    return layer.GetLayerDefn()->GetFieldCount() - 1;
}

bool can_hold(OGRFieldType existing, FieldType wanted) {
    if (existing == ogr_field_type(wanted)) return true;
    switch (wanted) {
    case FieldType::integer:
        return existing == OFTInteger64 || existing == OFTReal || existing == OFTString;
    case FieldType::integer64:
    case FieldType::real:
    case FieldType::date_time: return existing == OFTString;
    case FieldType::date: return existing == OFTDateTime || existing == OFTString;
    case FieldType::string: return false;
    }
    return false;
}

}  // namespace

void create_layer(GDALDataset& dataset, LayerState& state, OGRSpatialReference* srs,
                  CPLStringList options,
                  const std::function<OGRFieldType(OGRFieldType)>& field_type) {
    const LayerDef& def = state.def;
    bool spatial = def.geometry != GeometryType::none;
    state.layer = dataset.CreateLayer(def.name.c_str(), spatial ? srs : nullptr,
                                      ogr_geometry_type(def.geometry), options.List());
    if (state.layer == nullptr)
        throw gdal_error(state.where, "cannot create the layer",
                         "formats such as GeoJSON, FlatGeobuf, CSV and Shapefile hold one "
                         "layer per file; write several layers to a GPKG");
    state.field_index.clear();
    for (const auto& field : def.fields) {
        OGRFieldDefn ogr(field.name.c_str(), field_type(ogr_field_type(field.type)));
        state.field_index.push_back(add_field(*state.layer, ogr, state.where));
    }
}

void attach_layer(OGRLayer& layer, LayerState& state, bool dbf_names,
                  const std::function<OGRFieldType(OGRFieldType)>& field_type) {
    state.layer = &layer;
    state.field_index.clear();
    for (const auto& field : state.def.fields) {
        OGRFeatureDefn* defn = layer.GetLayerDefn();
        int index = defn->GetFieldIndex(field.name.c_str());
        if (index < 0 && dbf_names && field.name.size() > 10)
            index = defn->GetFieldIndex(field.name.substr(0, 10).c_str());
        if (index < 0) {
            OGRFieldDefn ogr(field.name.c_str(), field_type(ogr_field_type(field.type)));
            index = add_field(layer, ogr, state.where);
        }
        OGRFieldType existing = defn->GetFieldDefn(index)->GetType();
        if (!can_hold(existing, field.type))
            throw UsageError(describe(state.where) + ": field '" + field.name + "' is " +
                                 OGRFieldDefn::GetFieldTypeName(existing) +
                                 " in the existing layer and cannot hold " + to_string(field.type) +
                                 " values",
                             "write to a new file, or replace this one with --overwrite");
        state.field_index.push_back(index);
    }
}

void load_ids(LayerState& state) {
    OGRLayer& layer = *state.layer;
    auto ogr_index = [&](int position) {
        return position < 0 ? -1 : state.field_index[static_cast<std::size_t>(position)];
    };
    int field = ogr_index(state.unique);
    int category = ogr_index(state.category);
    if (field < 0 && category < 0) return;
    OGRFeatureDefn* defn = layer.GetLayerDefn();

    // Reading only these columns keeps this cheap on big tables (PG selects only them).
    CPLStringList ignored;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        if (i != field && i != category) ignored.AddString(defn->GetFieldDefn(i)->GetNameRef());
    ignored.AddString("OGR_GEOMETRY");
    ignored.AddString("OGR_STYLE");
    layer.SetIgnoredFields(const_cast<const char**>(ignored.List()));
    layer.ResetReading();
    while (OGRFeatureUniquePtr f{layer.GetNextFeature()}) {
        if (field >= 0 && f->IsFieldSetAndNotNull(field)) state.ids.insert(f->GetFieldAsString(field));
        if (category >= 0 && f->IsFieldSetAndNotNull(category))
            state.categories.insert(f->GetFieldAsString(category));
    }
    layer.SetIgnoredFields(nullptr);
    layer.ResetReading();
}

void LayerState::extend(const OGRGeometry* geometry) {
    if (geometry == nullptr || geometry->IsEmpty()) return;
    OGREnvelope e;
    geometry->getEnvelope(&e);
    extend(e.MinX, e.MinY, e.MaxX, e.MaxY);
}

void LayerState::extend(double min_x, double min_y, double max_x, double max_y) {
    if (!has_own_extent) {
        own_extent[0] = min_x, own_extent[1] = min_y, own_extent[2] = max_x, own_extent[3] = max_y;
        has_own_extent = true;
        return;
    }
    own_extent[0] = std::min(own_extent[0], min_x), own_extent[1] = std::min(own_extent[1], min_y);
    own_extent[2] = std::max(own_extent[2], max_x), own_extent[3] = std::max(own_extent[3], max_y);
}

void copy_features(OGRLayer& from, LayerState& state, const std::vector<std::string>& skip,
                   const std::function<void()>& after_insert) {
    OGRLayer& to = *state.layer;
    OGRFeatureDefn* source = from.GetLayerDefn();
    std::vector<int> map(static_cast<std::size_t>(source->GetFieldCount()), -1);
    for (int i = 0; i < source->GetFieldCount(); ++i) {
        OGRFieldDefn* field = source->GetFieldDefn(i);
        for (std::size_t j = 0; j < state.def.fields.size(); ++j)
            if (EQUAL(state.def.fields[j].name.c_str(), field->GetNameRef()))
                map[static_cast<std::size_t>(i)] = state.field_index[j];
        bool made_up = false;
        for (const auto& name : skip) made_up = made_up || name == field->GetNameRef();
        // A field someone else added to the file is kept, not silently dropped.
        if (map[static_cast<std::size_t>(i)] < 0 && !made_up)
            map[static_cast<std::size_t>(i)] = add_field(to, *field, state.where);
    }

    int id_field =
        state.unique < 0 ? -1 : state.field_index[static_cast<std::size_t>(state.unique)];
    int category =
        state.category < 0 ? -1 : state.field_index[static_cast<std::size_t>(state.category)];
    bool multi = state.def.geometry == GeometryType::multi_polygon;
    from.ResetReading();
    while (OGRFeatureUniquePtr in{from.GetNextFeature()}) {
        OGRFeatureUniquePtr out(OGRFeature::CreateFeature(to.GetLayerDefn()));
        out->SetFrom(in.get(), map.data(), TRUE);
        if (multi && out->GetGeometryRef() != nullptr)
            out->SetGeometryDirectly(
                OGRGeometryFactory::forceToMultiPolygon(out->StealGeometry()));
        if (to.CreateFeature(out.get()) != OGRERR_NONE)
            throw gdal_error(state.where, "cannot copy an existing feature");
        state.extend(out->GetGeometryRef());
        if (id_field >= 0 && out->IsFieldSetAndNotNull(id_field))
            state.ids.insert(out->GetFieldAsString(id_field));
        if (category >= 0 && out->IsFieldSetAndNotNull(category))
            state.categories.insert(out->GetFieldAsString(category));
        after_insert();
    }
}

}  // namespace geoevent::output::detail
