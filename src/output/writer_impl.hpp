#pragma once
// The state behind DatasetWriter, shared by its three source files: opening
// (writer_open.cpp), layers (writer_layers.cpp), writing and closing (dataset_writer.cpp).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "geoevent/output/dataset_writer.hpp"
#include "output/driver_traits.hpp"
#include "output/gdal_util.hpp"
#include "output/layer_state.hpp"
#include "output/staging_dir.hpp"

namespace geoevent::output {

struct DatasetWriter::Impl {
    std::string target;
    WriterOptions options;
    detail::DriverTraits driver;
    OGRSpatialReference output_srs;
    std::vector<std::string> warnings;

    // Declared before the datasets so that they are closed before the files are removed.
    std::unique_ptr<detail::StagingDir> staging;
    bool target_existed = false;
    detail::FileStamp append_stamp;      // the target as copied, for appends
    std::vector<std::string> old_files;  // GDAL's list of the target being replaced
    GDALDatasetUniquePtr append_source;  // appending by rewrite: the existing dataset
    std::vector<bool> source_used;       // its layers already copied
    GDALDatasetUniquePtr dataset;

    std::vector<detail::LayerState> layers;
    bool in_transaction = false;
    bool transactions_unsupported = false;
    std::size_t pending = 0;
    bool closed = false;
    bool failed = false;

    bool database() const { return !driver.connection_prefix.empty(); }
    // What to do about a target (or table) that exists already.
    std::string exists_hint() const {
        return options.can_append
                   ? "add --overwrite to replace it or --append to add new features to it"
                   : "add --overwrite to replace it, or choose another output";
    }
    detail::Where where(const std::string& layer = {}) const {
        return {driver.name, target, layer};
    }

    void open_database();
    void open_file();
    void open_stdout();  // target "-"
    void open_for_append();
    GDALDatasetUniquePtr open_existing(const std::string& path, unsigned flags,
                                       const std::string& reader = {}) const;
    void create_dataset();

    detail::LayerState new_layer_state(const LayerDef& def) const;
    void attach_existing(detail::LayerState& state, OGRLayer& layer);
    void create_new(detail::LayerState& state);
    OGRLayer* take_source_layer(const std::string& name);
    void set_transform(detail::LayerState& state, bool has_data);
    void copy_remaining_source_layers();

    void start_direct(detail::LayerState& state);
    bool write_direct(detail::LayerState& l, const Feature& feature, std::string_view id);
    bool skip_invalid(detail::LayerState& l, std::string_view id, const std::string& problem);
    void count_written(detail::LayerState& l, const Feature& feature, std::string_view id);
    // Finalizes the direct inserters (before GDAL closes the connection they use) and
    // returns what finish_direct_layers() must record.
    std::vector<detail::DirectLayerSummary> stop_direct();
    void flush_direct();  // before every commit: the direct layers' partial batches

    void begin_batch();
    void commit_batch();
    void after_insert();
    void note(std::string warning);
    void describe_layers();
    void store_styles();
    void build_rtrees();  // after the dataset is closed
    void finish();
    void abandon() noexcept;
};

}  // namespace geoevent::output
