#include <memory>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "geoevent/control/areas.hpp"
#include "output/gdal_util.hpp"

namespace geoevent::control {

namespace {

struct CloseDataset {
    void operator()(GDALDataset* ds) const noexcept { GDALClose(ds); }
};

}  // namespace

std::vector<CountryBoundary> load_boundaries(const std::string& path) {
    output::detail::ensure_gdal_registered();
    output::detail::ErrorScope quiet(nullptr);
    output::detail::Where where{"OGR", path, {}};
    const char* hint = "use the bundled gazetteer/boundaries/countries.geojson (--boundaries PATH)";
    std::unique_ptr<GDALDataset, CloseDataset> ds(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) throw output::detail::gdal_error(where, "cannot open the country boundaries", hint);
    where.driver = ds->GetDriverName();
    OGRLayer* layer = ds->GetLayerCount() > 0 ? ds->GetLayer(0) : nullptr;
    if (layer == nullptr) throw output::detail::gdal_error(where, "no layer", hint);
    where.layer = layer->GetName();
    int iso2 = layer->GetLayerDefn()->GetFieldIndex("iso2");
    int name = layer->GetLayerDefn()->GetFieldIndex("name");
    if (iso2 < 0) throw InputError(output::detail::describe(where), 0, "no field 'iso2'", hint);

    std::vector<CountryBoundary> out;
    for (auto& f : *layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (g == nullptr || g->IsEmpty()) continue;
        auto type = wkbFlatten(g->getGeometryType());
        if (type != wkbPolygon && type != wkbMultiPolygon) continue;
        CountryBoundary b;
        b.iso2 = f->GetFieldAsString(iso2);
        if (name >= 0) b.name = f->GetFieldAsString(name);
        b.wkb.resize(g->WkbSize());
        g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(b.wkb.data()), wkbVariantIso);
        OGREnvelope env;
        g->getEnvelope(&env);
        b.min_lon = env.MinX;
        b.min_lat = env.MinY;
        b.max_lon = env.MaxX;
        b.max_lat = env.MaxY;
        out.push_back(std::move(b));
    }
    return out;
}

std::vector<Site> current_sites(const ControlHistory& history) {
    std::vector<Site> out;
    for (const auto& place : history.places)
        if (const Period* p = place.current())
            out.push_back({place.longitude, place.latitude, place.country, p->controller});
    return out;
}

}  // namespace geoevent::control
