#include "geoevent/control/event_reader.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "geoevent/date.hpp"
#include "output/gdal_util.hpp"

namespace geoevent::control {

namespace {

using output::detail::gdal_error;
using output::detail::Where;

struct CloseDataset {
    void operator()(GDALDataset* ds) const noexcept { GDALClose(ds); }
};

std::optional<event::EventClass> class_from(const char* s) {
    using event::EventClass;
    for (auto c : {EventClass::control_change, EventClass::control_status, EventClass::encirclement,
                   EventClass::withdrawal, EventClass::offensive})
        if (std::string_view(event::to_string(c)) == s) return c;
    return std::nullopt;
}

// Field indexes looked up once; -1 when the layer lacks the field.
struct Fields {
    explicit Fields(OGRFeatureDefn* defn)
        : event_id(defn->GetFieldIndex("event_id")), event_class(defn->GetFieldIndex("event_class")),
          event_date(defn->GetFieldIndex("event_date")), precision(defn->GetFieldIndex("time_precision")),
          actor1(defn->GetFieldIndex("actor1")), actor2(defn->GetFieldIndex("actor2")),
          iso(defn->GetFieldIndex("iso")), country(defn->GetFieldIndex("country")),
          location(defn->GetFieldIndex("location")), geonameid(defn->GetFieldIndex("geonameid")),
          latitude(defn->GetFieldIndex("latitude")), longitude(defn->GetFieldIndex("longitude")),
          source_id(defn->GetFieldIndex("source_id")) {}
    int event_id, event_class, event_date, precision, actor1, actor2, iso, country, location, geonameid,
        latitude, longitude, source_id;
};

std::string text(const OGRFeature& f, int i) {
    return i >= 0 && f.IsFieldSetAndNotNull(i) ? f.GetFieldAsString(i) : std::string();
}

// Date fields come back as dates from GPKG, as strings from CSV or GeoJSON without a
// schema; both read as YYYY-MM-DD.
std::string iso_date(const OGRFeature& f, int i) {
    if (i < 0 || !f.IsFieldSetAndNotNull(i)) return {};
    if (f.GetFieldDefnRef(i)->GetType() == OFTDate || f.GetFieldDefnRef(i)->GetType() == OFTDateTime) {
        int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
        float ss = 0;
        f.GetFieldAsDateTime(i, &y, &m, &d, &hh, &mm, &ss, &tz);
        return geoevent::Date{y, m, d}.iso();
    }
    // OGR prints dates as YYYY/MM/DD; a CSV without its .csvt keeps them that way.
    std::string s = std::string(f.GetFieldAsString(i)).substr(0, 10);
    std::replace(s.begin(), s.end(), '/', '-');
    return s;
}

bool position(const OGRFeature& f, const Fields& k, OGRCoordinateTransformation* to_wgs84, event::Event& e) {
    if (k.latitude >= 0 && k.longitude >= 0 && f.IsFieldSetAndNotNull(k.latitude) &&
        f.IsFieldSetAndNotNull(k.longitude)) {
        e.latitude = f.GetFieldAsDouble(k.latitude);
        e.longitude = f.GetFieldAsDouble(k.longitude);
        return true;
    }
    const OGRGeometry* g = f.GetGeometryRef();
    if (g == nullptr || wkbFlatten(g->getGeometryType()) != wkbPoint) return false;
    double x = g->toPoint()->getX(), y = g->toPoint()->getY();
    if (to_wgs84 != nullptr && !to_wgs84->Transform(1, &x, &y)) return false;
    e.longitude = x;
    e.latitude = y;
    return true;
}

}  // namespace

ReadResult read_events(const std::string& dataset, const std::string& layer_name) {
    output::detail::ensure_gdal_registered();
    output::detail::ErrorScope quiet(nullptr);
    Where where{"OGR", dataset, {}};
    std::unique_ptr<GDALDataset, CloseDataset> ds(
        GDALDataset::Open(dataset.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) throw gdal_error(where, "cannot open", "give a dataset written by `geoevent extract`");
    where.driver = ds->GetDriverName();
    OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
    // A single-layer file (GeoJSON, CSV) names its layer after the file.
    if (layer == nullptr && ds->GetLayerCount() == 1) layer = ds->GetLayer(0);
    where.layer = layer_name;
    if (layer == nullptr)
        throw gdal_error(where, "no such layer", "the events are in the `events` layer written by `geoevent extract`");
    where.layer = layer->GetName();
    Fields k(layer->GetLayerDefn());
    for (auto [index, name] : {std::pair{k.event_class, "event_class"}, {k.event_date, "event_date"}, {k.actor1, "actor1"}})
        if (index < 0)
            throw InputError(output::detail::describe(where), 0, std::string("no field '") + name + "'",
                             "give the `events` layer written by `geoevent extract`");

    std::unique_ptr<OGRCoordinateTransformation> to_wgs84;
    if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
        OGRSpatialReference wgs84;
        wgs84.SetWellKnownGeogCS("WGS84");
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!srs->IsSame(&wgs84)) to_wgs84.reset(OGRCreateCoordinateTransformation(srs, &wgs84));
    }

    ReadResult out;
    layer->ResetReading();
    for (auto& f : *layer) {
        event::Event e;
        auto cls = class_from(text(*f, k.event_class).c_str());
        if (!cls || !position(*f, k, to_wgs84.get(), e)) {
            ++out.skipped;
            continue;
        }
        e.event_class = *cls;
        e.event_id = text(*f, k.event_id);
        e.date.iso = iso_date(*f, k.event_date);
        if (k.precision >= 0 && f->IsFieldSetAndNotNull(k.precision)) e.date.precision = f->GetFieldAsInteger(k.precision);
        e.actor1 = text(*f, k.actor1);
        e.actor2 = text(*f, k.actor2);
        // `iso` holds the ISO2 code; older or hand-made layers may have it in `country`.
        e.country = text(*f, k.iso);
        if (e.country.empty() && text(*f, k.country).size() == 2) e.country = text(*f, k.country);
        e.location = text(*f, k.location);
        e.source_id = text(*f, k.source_id);
        if (k.geonameid >= 0 && f->IsFieldSetAndNotNull(k.geonameid))
            e.geonameid = static_cast<std::uint32_t>(f->GetFieldAsInteger64(k.geonameid));
        out.events.push_back(std::move(e));
    }
    return out;
}

}  // namespace geoevent::control
