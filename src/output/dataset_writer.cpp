#include "geoevent/output/dataset_writer.hpp"

#include <algorithm>
#include <stdexcept>
#include <optional>
#include <string_view>
#include <utility>

#include <ogrsf_frmts.h>

#include "geoevent/error.hpp"
#include "output/field_values.hpp"
#include "output/geometry.hpp"
#include "output/gpkg_blob.hpp"
#include "output/gpkg_direct.hpp"
#include "output/gpkg_rtree.hpp"
#include "output/writer_impl.hpp"

namespace geoevent::output {

using namespace detail;

namespace {

// Up to this many skipped-feature notes; the counts say how many there were in all.
constexpr std::size_t max_notes = 100;

std::string feature_name(std::string_view id) {
    return id.empty() ? "a feature" : "'" + std::string(id) + "'";
}

}  // namespace

void DatasetWriter::Impl::begin_batch() {
    if (in_transaction || transactions_unsupported) return;
    // Not forced: drivers without real transactions (GeoJSON, Shapefile) just write.
    in_transaction = dataset->StartTransaction(FALSE) == OGRERR_NONE;
    transactions_unsupported = !in_transaction;
    CPLErrorReset();
}

void DatasetWriter::Impl::flush_direct() {
    for (auto& l : layers) {
        if (!l.direct) continue;
        try {
            l.direct->flush();
        } catch (const std::runtime_error& e) {
            throw GdalError(describe(l.where) + ": cannot write features: " + e.what());
        }
    }
}

void DatasetWriter::Impl::commit_batch() {
    if (!in_transaction || database()) return;
    flush_direct();  // the rows bound but not inserted belong to this transaction
    in_transaction = false;
    pending = 0;
    if (dataset->CommitTransaction() != OGRERR_NONE)
        throw gdal_error(where(), "cannot commit a batch of features");
}

void DatasetWriter::Impl::after_insert() {
    if (++pending >= options.batch_size) commit_batch();
    begin_batch();
}

void DatasetWriter::Impl::note(std::string warning) {
    if (warnings.size() < max_notes) warnings.push_back(std::move(warning));
}

bool DatasetWriter::write(LayerHandle handle, const Feature& feature) {
    if (!m_impl) throw UsageError("write() on a moved-from DatasetWriter");
    Impl& w = *m_impl;
    if (w.closed) throw UsageError("write() after close() of " + describe(w.where()));
    if (w.failed) throw GdalError(describe(w.where()) + ": an earlier error stopped the output");
    if (handle.m_owner != &w || handle.index() >= w.layers.size())
        throw UsageError("write() with a layer handle of another DatasetWriter");
    LayerState& l = w.layers[handle.index()];

    const auto& fields = l.def.fields;
    if (feature.values.size() != fields.size())
        throw UsageError(describe(l.where) + ": a feature has " +
                         std::to_string(feature.values.size()) + " values for " +
                         std::to_string(fields.size()) + " fields");
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (value_fits(feature.values[i], fields[i].type)) continue;
        std::string mismatch = value_mismatch(feature.values[i], fields[i].type);
        if (!mismatch.empty())
            throw UsageError(describe(l.where) + ": field '" + fields[i].name + "' (" +
                             to_string(fields[i].type) + ") cannot take " + mismatch);
    }

    // The id is looked up now and added once the feature is written (IdSet lookups are
    // a few nanoseconds for event ids: no allocation, no string hashing).
    std::string decimal;  // an integer id's text
    std::string_view id;
    if (l.unique >= 0) {
        const Value& value = feature.values[std::size_t(l.unique)];
        if (std::holds_alternative<std::monostate>(value))
            throw UsageError(describe(l.where) + ": unique field '" + l.def.unique_field +
                             "' is null");
        if (const auto* text = std::get_if<std::string>(&value)) id = *text;
        else id = decimal = id_key(value);
        if (l.ids.contains(id)) {
            ++l.counts.skipped_duplicates;
            return false;
        }
    }

    if (l.direct) return w.write_direct(l, feature, id);

    ErrorScope scope(&w.warnings);
    BuiltGeometry geometry =
        build_geometry(feature.geometry, l.def.geometry, l.transform.get(), l.def.name);
    if (!geometry.problem.empty()) return w.skip_invalid(l, id, geometry.problem);

    // One OGRFeature per layer, refilled for every feature: every field of the definition
    // is set (or nulled) each time, and the FID cleared so that the driver assigns one.
    if (!l.scratch) l.scratch.reset(OGRFeature::CreateFeature(l.layer->GetLayerDefn()));
    OGRFeature* out = l.scratch.get();
    out->SetFID(OGRNullFID);
    for (std::size_t i = 0; i < fields.size(); ++i)
        set_field(*out, l.field_index[i], feature.values[i]);
    l.extend(geometry.geometry.get());  // a failed CreateFeature below fails the whole writer
    out->SetGeometryDirectly(geometry.geometry.release());  // null: no geometry

    try {
        w.begin_batch();
        if (l.layer->CreateFeature(out) != OGRERR_NONE)
            throw gdal_error(l.where, "cannot write " + feature_name(id));
        w.count_written(l, feature, id);
    } catch (const GdalError&) {
        w.failed = true;  // never publish a dataset GDAL failed on
        w.abandon();
        throw;
    }
    return true;
}

bool DatasetWriter::Impl::skip_invalid(LayerState& l, std::string_view id, const std::string& problem) {
    ++l.counts.skipped_invalid;
    note(describe(l.where) + ": skipped " + feature_name(id) + ": " + problem);
    return false;
}

void DatasetWriter::Impl::count_written(LayerState& l, const Feature& feature, std::string_view id) {
    if (l.unique >= 0) l.ids.insert(id);
    if (l.category >= 0) {
        // The style's classes; looked up first so the common case allocates nothing.
        const auto* value = std::get_if<std::string>(&feature.values[std::size_t(l.category)]);
        if (value != nullptr && l.categories.find(*value) == l.categories.end())
            l.categories.insert(*value);
    }
    ++l.counts.written;
    after_insert();
}

// The same checks and bookkeeping as the OGR path of write(), with the row bound and
// inserted by GpkgDirectInsert. A lon/lat point that needs no reprojection (the events
// layer) goes straight to its blob, without an OGRPoint.
bool DatasetWriter::Impl::write_direct(LayerState& l, const Feature& feature, std::string_view id) {
    const std::string* blob = nullptr;
    double box[4];  // min x, min y, max x, max y
    bool has_box = false;
    const auto* p = std::get_if<LonLat>(&feature.geometry);
    if (p != nullptr && l.def.geometry == GeometryType::point && !l.transform) {
        std::string problem = lon_lat_problem(*p);
        if (!problem.empty()) return skip_invalid(l, id, problem);
        gpkg_point_blob(l.blob, l.direct->srs_id(), p->lon, p->lat);
        blob = &l.blob;
        box[0] = box[2] = p->lon, box[1] = box[3] = p->lat;
        has_box = true;
    } else {
        ErrorScope scope(&warnings);
        BuiltGeometry built =
            build_geometry(feature.geometry, l.def.geometry, l.transform.get(), l.def.name);
        if (!built.problem.empty()) return skip_invalid(l, id, built.problem);
        if (built.geometry) {
            gpkg_geometry_blob(l.blob, l.direct->srs_id(), *built.geometry);
            blob = &l.blob;
            if (!built.geometry->IsEmpty()) {
                OGREnvelope e;
                built.geometry->getEnvelope(&e);
                box[0] = e.MinX, box[1] = e.MinY, box[2] = e.MaxX, box[3] = e.MaxY;
                has_box = true;
            }
        }
    }

    try {
        begin_batch();  // GDAL's transaction, on the connection the rows go through
        std::int64_t fid;
        try {
            fid = l.direct->insert(feature.values, blob);
        } catch (const std::runtime_error& e) {
            throw GdalError(describe(l.where) + ": cannot write " + feature_name(id) + ": " + e.what());
        }
        if (has_box) {
            l.extend(box[0], box[1], box[2], box[3]);
            if (l.bulk_rtree) l.rtree_entries.push_back({fid, rtree_box(box[0], box[2], box[1], box[3])});
        }
        count_written(l, feature, id);
    } catch (const GdalError&) {
        failed = true;  // never publish a dataset that is missing rows
        abandon();
        throw;
    }
    return true;
}

// ---- closing ----------------------------------------------------------------------------

void DatasetWriter::Impl::copy_remaining_source_layers() {
    if (!append_source) return;
    for (int i = 0; i < append_source->GetLayerCount(); ++i) {
        if (source_used[std::size_t(i)]) continue;
        OGRLayer* layer = append_source->GetLayer(i);
        commit_batch();
        if (dataset->CopyLayer(layer, layer->GetName()) == nullptr)
            throw gdal_error(where(layer->GetName()), "cannot copy the existing layer");
    }
}

void DatasetWriter::Impl::build_rtrees() {
    for (auto& l : layers) {
        if (!l.bulk_rtree || !staging) continue;
        RtreeBuild result;
        std::optional<std::vector<RtreeEntry>> known;
        if (l.wrote_directly) known = std::exchange(l.rtree_entries, {});
        try {
            result = build_gpkg_rtree(staging->path(), {l.table, l.geometry_column, l.fid_column},
                                      std::move(known));
        } catch (const std::exception& e) {
            throw GdalError(describe(l.where) + ": cannot build the spatial index: " + e.what());
        }
        l.rtree_entries = {};  // up to 24 MB per million features
        if (result == RtreeBuild::built) continue;
        // Geometries this code cannot read: GDAL's own (slower) way.
        GDALDatasetUniquePtr reopened = open_existing(staging->path(), GDAL_OF_UPDATE);
        if (!reopened) throw gdal_error(l.where, "cannot reopen the file to index it");
        auto literal = [](std::string text) {
            for (std::size_t at = 0; (at = text.find('\'', at)) != std::string::npos; at += 2) text.insert(at, 1, '\'');
            return "'" + text + "'";
        };
        std::string sql = "SELECT CreateSpatialIndex(" + literal(l.table) + ", " + literal(l.geometry_column) + ")";
        CPLErrorReset();
        if (OGRLayer* r = reopened->ExecuteSQL(sql.c_str(), nullptr, nullptr)) reopened->ReleaseResultSet(r);
        if (CPLGetLastErrorType() >= CE_Failure) throw gdal_error(l.where, "cannot build the spatial index");
    }
}

void DatasetWriter::Impl::finish() {
    copy_remaining_source_layers();
    describe_layers();
    store_styles();
    if (in_transaction) {
        flush_direct();
        in_transaction = false;
        if (dataset->CommitTransaction() != OGRERR_NONE)
            throw gdal_error(where(), "cannot commit");
    }
    // Closing is where FlatGeobuf sorts its features (and GDAL builds a GeoPackage index
    // the user asked for with SPATIAL_INDEX); GDAL reports failures there only through the
    // error state. The writer's own GeoPackage indexes are packed once it is closed.
    CPLErrorReset();
    std::vector<DirectLayerSummary> direct = stop_direct();
    for (auto& l : layers) l.layer = nullptr, l.scratch.reset();  // the dataset is about to go
    dataset.reset();
    if (CPLGetLastErrorType() >= CE_Failure) throw gdal_error(where(), "cannot finish the dataset");
    append_source.reset();
    if (!direct.empty()) {
        // GDAL writes its own last_change (and honours OGR_CURRENT_DATE for reproducible
        // files); the direct layers' must be written the same way.
        try {
            finish_direct_layers(staging->path(), direct, CPLGetConfigOption("OGR_CURRENT_DATE", ""));
        } catch (const std::exception& e) {
            throw GdalError(describe(where()) + ": cannot record the layers' extents and counts: " + e.what());
        }
    }
    build_rtrees();
    if (!staging) return;
    if (options.append && target_existed && !(stamp(target) == append_stamp))
        throw GdalError(target + " was changed by another program while appending to it; "
                                 "it is left as that program wrote it",
                        "run the append again");
    staging->publish(options.overwrite || target_existed, old_files, exists_hint());
}

std::vector<DirectLayerSummary> DatasetWriter::Impl::stop_direct() {
    std::vector<DirectLayerSummary> summaries;
    flush_direct();  // nothing is pending after the last commit; this is a safeguard
    for (auto& l : layers) {
        if (!l.direct) continue;
        DirectLayerSummary summary;
        summary.table = l.direct->table();
        summary.rows = l.direct->rows();
        summary.has_extent = l.def.geometry != GeometryType::none && l.has_own_extent;
        std::copy(l.own_extent, l.own_extent + 4, summary.extent);
        summary.triggers = l.direct->triggers();
        summaries.push_back(std::move(summary));
        l.direct.reset();
    }
    return summaries;
}

void DatasetWriter::close() {
    if (!m_impl) throw UsageError("close() on a moved-from DatasetWriter");
    Impl& w = *m_impl;
    if (w.closed) return;
    if (w.failed)
        throw GdalError(describe(w.where()) + ": not written because of an earlier error",
                        "the target, if it existed, is untouched");  // abandoned already
    ErrorScope scope(&w.warnings);
    try {
        w.finish();
    } catch (...) {
        w.failed = true;
        w.abandon();  // nothing left to retry; do not keep the staged files until destruction
        throw;
    }
    w.closed = true;
}

void DatasetWriter::Impl::abandon() noexcept {
    try {
        ErrorScope scope(&warnings);
        if (in_transaction && dataset) dataset->RollbackTransaction();
        in_transaction = false;
        for (auto& l : layers) l.layer = nullptr, l.scratch.reset(), l.direct.reset();  // counts stay readable
        dataset.reset();
        append_source.reset();
        staging.reset();
    } catch (...) {
        // A destructor must not throw; a staging directory is all that can be left behind.
    }
}

// ---- the rest ---------------------------------------------------------------------------

DatasetWriter::DatasetWriter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
DatasetWriter::DatasetWriter(DatasetWriter&&) noexcept = default;

DatasetWriter& DatasetWriter::operator=(DatasetWriter&& other) noexcept {
    if (this != &other) {
        if (m_impl && !m_impl->closed) m_impl->abandon();
        m_impl = std::move(other.m_impl);
    }
    return *this;
}

DatasetWriter::~DatasetWriter() {
    if (m_impl && !m_impl->closed) m_impl->abandon();
}

WriteCounts DatasetWriter::counts() const {
    WriteCounts total;
    if (!m_impl) return total;
    for (const auto& l : m_impl->layers) {
        total.written += l.counts.written;
        total.skipped_duplicates += l.counts.skipped_duplicates;
        total.skipped_invalid += l.counts.skipped_invalid;
    }
    return total;
}

WriteCounts DatasetWriter::counts(LayerHandle layer) const {
    if (!m_impl || layer.m_owner != m_impl.get()) return {};
    return m_impl->layers[layer.index()].counts;
}

const std::string& DatasetWriter::driver() const noexcept {
    static const std::string none;
    return m_impl ? m_impl->driver.name : none;
}

const std::vector<std::string>& DatasetWriter::warnings() const noexcept {
    static const std::vector<std::string> none;
    return m_impl ? m_impl->warnings : none;
}

}  // namespace geoevent::output
