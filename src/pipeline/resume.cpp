#include "geoevent/pipeline/resume.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>

#include "geoevent/error.hpp"
#include "output/gdal_util.hpp"

namespace geoevent::pipeline {

std::unordered_set<std::string> read_done_sources(const std::string& target, const std::string& layer_name,
                                                  const std::string& field) {
    output::detail::ensure_gdal_registered();
    bool database = target.rfind("PG:", 0) == 0;
    std::error_code ec;
    if (!database && !std::filesystem::exists(target, ec)) return {};
    output::detail::ErrorScope quiet(nullptr);
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(target.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::string masked = output::detail::mask_password(target);
    if (!ds)
        throw GdalError("cannot open " + masked + " to find the articles already done: " + CPLGetLastErrorMsg(),
                        "check the target, or run without --resume");
    OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
    std::unordered_set<std::string> done;
    if (!layer) return done;  // no run has written events yet
    int index = layer->GetLayerDefn()->GetFieldIndex(field.c_str());
    if (index < 0)
        throw GdalError(masked + ", layer '" + layer_name + "' has no field '" + field + "'",
                        "--resume needs a dataset written by geoevent extract; run without it");
    // Only the one column: cheap on a big table (PostgreSQL then selects one column).
    CPLStringList ignored;
    for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i)
        if (i != index) ignored.AddString(layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
    ignored.AddString("OGR_GEOMETRY");
    ignored.AddString("OGR_STYLE");
    layer->SetIgnoredFields(const_cast<const char**>(ignored.List()));
    layer->ResetReading();
    while (OGRFeatureUniquePtr f{layer->GetNextFeature()})
        if (f->IsFieldSetAndNotNull(index)) done.insert(f->GetFieldAsString(index));
    return done;
}

}  // namespace geoevent::pipeline
