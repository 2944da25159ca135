#pragma once
// Writes layers of features to any OGR vector format (GeoJSON, GPKG, FlatGeobuf, CSV, KML,
// Shapefile, PostgreSQL, ...). This is the only place the project uses GDAL for output.
//
// Files are written into a hidden staging directory next to the target and moved over it
// only by close(), once the dataset is finished (a GeoPackage's spatial index is packed
// on close). An error, an exception or a kill before that leaves the target as it
// was. Databases (a `PG:` target) get one transaction for the whole run instead.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "geoevent/output/feature.hpp"
#include "geoevent/output/qgis_project.hpp"
#include "geoevent/output/schema.hpp"

namespace geoevent::output {

struct WriterOptions {
    std::string driver;      // GDAL short name; empty: from the target (see resolve_driver)
    bool overwrite = false;  // replace an existing file, or drop and recreate a table
    bool append = false;     // add to an existing dataset, skipping known unique_field values
    // Whether the caller offers appending (a --append option): hints for an existing
    // target suggest it only then.
    bool can_append = true;
    // Output CRS in any form GDAL accepts ("EPSG:32637", a PROJ string, WKT). Empty keeps
    // WGS 84 lon/lat, and GeoJSON is then written as RFC 7946.
    std::string t_srs;
    // Features per transaction, for drivers that have transactions (GPKG, SQLite);
    // others (GeoJSON, Shapefile, ...) simply write. Databases use one transaction.
    std::size_t batch_size = 10000;
    // Extra KEY=VALUE creation options, like ogr2ogr's -dsco/-lco; they win over ours.
    std::vector<std::string> dataset_options;
    std::vector<std::string> layer_options;
};

struct WriteCounts {
    std::uint64_t written = 0;
    std::uint64_t skipped_duplicates = 0;  // unique_field value already present
    std::uint64_t skipped_invalid = 0;     // bad WKT, or a point the CRS cannot represent
};

// Names a layer of one DatasetWriter; obtained from DatasetWriter::layer(). Using it with
// another writer is refused (UsageError), not silently written to the wrong layer.
class LayerHandle {
public:
    std::size_t index() const noexcept { return m_index; }

private:
    friend class DatasetWriter;
    LayerHandle(const void* owner, std::size_t index) : m_owner(owner), m_index(index) {}
    const void* m_owner;
    std::size_t m_index;
};

// Not thread-safe; one writer per thread. Moving is allowed, copying is not.
class DatasetWriter {
public:
    // Checks everything that can be checked before writing: options, driver, CRS, that an
    // existing target is only touched with `overwrite` or `append`, that the directory is
    // writable or the database reachable. Throws UsageError or GdalError; nothing is
    // written then. The target "-" is standard output, for formats that stream
    // (GeoJSONSeq, GeoJSON; options.driver must name one): features go out as they are
    // written, with no staging, so a failed run leaves a partial stream.
    static DatasetWriter open(const std::string& target, const WriterOptions& options = {});

    DatasetWriter(DatasetWriter&&) noexcept;
    DatasetWriter& operator=(DatasetWriter&&) noexcept;
    // Never throws. Without a successful close(), discards everything written.
    ~DatasetWriter();

    // Creates the layer, or with `append` opens the existing one (adding fields the
    // definition has and the layer lacks) and loads its unique_field values.
    LayerHandle layer(const LayerDef& def);

    // True when written; false when skipped as a duplicate or as invalid (see counts()).
    // A value of the wrong type for its field throws UsageError; a GDAL failure throws
    // GdalError and leaves the writer failed, so close() will not publish a partial result.
    bool write(LayerHandle layer, const Feature& feature);

    // Commits, finishes the dataset and publishes it at the target. Throws on failure,
    // in which case the target is left as it was.
    void close();

    WriteCounts counts() const;                   // all layers
    WriteCounts counts(LayerHandle layer) const;  // one layer
    const std::string& driver() const noexcept;
    // GDAL warnings met while writing (e.g. a value truncated by the format), each once.
    const std::vector<std::string>& warnings() const noexcept;
    // False for formats that hold one layer per file (GeoJSON, FlatGeobuf, CSV, Shapefile):
    // callers put extra layers in files of their own, or leave them out.
    bool holds_several_layers() const noexcept;
    // After close(): the layers written, as a QGIS project should reference them.
    // UsageError before close().
    std::vector<ProjectLayer> qgis_layers() const;

private:
    struct Impl;
    explicit DatasetWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace geoevent::output
