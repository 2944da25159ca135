#include <sys/stat.h>

#include <string_view>

#include <ogrsf_frmts.h>

#include "geoevent/error.hpp"
#include "geoevent/output/drivers.hpp"
#include "output/srs.hpp"
#include "output/writer_impl.hpp"

namespace geoevent::output {

using namespace detail;

namespace {

// The target that means standard output, as in most command-line tools.
constexpr std::string_view stdout_target = "-";

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> file_list(GDALDataset& dataset) {
    CPLStringList list(dataset.GetFileList());
    std::vector<std::string> files;
    for (int i = 0; i < list.size(); ++i) files.emplace_back(list[i]);
    return files;
}

// A staged GeoPackage/SQLite file needs no durability of its own: a crash leaves only the
// staging directory, and publish() fsyncs the finished file before the rename. So SQLite
// may skip its fsync per commit and keep its rollback journal in memory; this is most of
// the difference between 40 k and 200 k features/s on a busy disk.
void relax_staged_sqlite(GDALDataset& dataset, const std::string& driver, bool appending) {
    if (driver != "GPKG" && driver != "SQLite") return;
    std::vector<const char*> pragmas = {"PRAGMA synchronous = OFF", "PRAGMA journal_mode = MEMORY"};
    // Appending updates an existing R-tree one insertion at a time (GDAL's triggers), which
    // reads its nodes at random: a 128 MiB page cache (instead of 2 MiB) keeps them in
    // memory. A new file's tables are only appended to (its R-tree is packed at close), so
    // SQLite needs just the rightmost path of each B-tree: 512 KiB instead of 2 MiB keeps a
    // big output from growing the peak memory (1 M events: 99 MiB peak, the same speed).
    pragmas.push_back(appending ? "PRAGMA cache_size = -131072" : "PRAGMA cache_size = -512");
    for (const char* pragma : pragmas)
        if (OGRLayer* result = dataset.ExecuteSQL(pragma, nullptr, nullptr))
            dataset.ReleaseResultSet(result);
    CPLErrorReset();  // a pragma SQLite ignores costs speed, not correctness
}

}  // namespace

GDALDatasetUniquePtr DatasetWriter::Impl::open_existing(const std::string& path, unsigned flags,
                                                         const std::string& reader) const {
    // Only our driver: a .json that is really TopoJSON must not be appended to as such.
    const char* const allowed[] = {reader.empty() ? driver.name.c_str() : reader.c_str(), nullptr};
    // A CSV's X/Y or WKT columns are its geometry; as fields they would be copied twice.
    const char* const csv_options[] = {"X_POSSIBLE_NAMES=X", "Y_POSSIBLE_NAMES=Y",
                                       "GEOM_POSSIBLE_NAMES=WKT", "KEEP_GEOM_COLUMNS=NO", nullptr};
    return GDALDatasetUniquePtr(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR | flags, allowed,
                          driver.name == "CSV" ? csv_options : nullptr));
}

void DatasetWriter::Impl::open_database() {
    dataset = open_existing(target, GDAL_OF_UPDATE);
    if (!dataset)
        throw gdal_error(where(), "cannot connect",
                         "check the connection string (dbname, host, port, user) and that the "
                         "server accepts connections");
    // One transaction for the run: a failed or interrupted run leaves the tables as they
    // were, like the staging directory does for file formats.
    in_transaction = dataset->StartTransaction(FALSE) == OGRERR_NONE;
    CPLErrorReset();
}

void DatasetWriter::Impl::create_dataset() {
    GDALDriver* gdal_driver = GetGDALDriverManager()->GetDriverByName(driver.name.c_str());
    CPLStringList options = dataset_creation_options(driver, this->options);
    dataset.reset(
        gdal_driver->Create(staging->path().c_str(), 0, 0, 0, GDT_Unknown, options.List()));
    if (!dataset) throw gdal_error(where(), "cannot create the file");
    relax_staged_sqlite(*dataset, driver.name, false);
    // Shapefile, FlatGeobuf and CSV make a directory of layers when the name lacks their
    // extension; renaming that over a file target would surprise everybody.
    if (is_directory(staging->path()))
        throw UsageError(driver.name + " writes a directory, not a file, for '" + target + "'",
                         "give the target the driver's extension (e.g. .shp, .fgb, .csv)");
}

void DatasetWriter::Impl::open_stdout() {
    // Nothing to stage or rename: features go out as they are written, through GDAL's
    // /vsistdout/, so only formats that never seek back can do it.
    if (driver.name != "GeoJSONSeq" && driver.name != "GeoJSON")
        throw UsageError("standard output (target '-') needs a format that streams; " + driver.name +
                             " cannot",
                         "use -f GeoJSONSeq (one feature per line) or -f GeoJSON");
    if (options.append)
        throw UsageError("cannot append to standard output (-o -)", "drop --append, or write to a file");
    GDALDriver* gdal_driver = GetGDALDriverManager()->GetDriverByName(driver.name.c_str());
    CPLStringList creation = dataset_creation_options(driver, options);
    dataset.reset(gdal_driver->Create("/vsistdout/", 0, 0, 0, GDT_Unknown, creation.List()));
    if (!dataset) throw gdal_error(where(), "cannot write to standard output");
}

void DatasetWriter::Impl::open_file() {
    struct stat st {};
    target_existed = ::stat(target.c_str(), &st) == 0;
    if (target_existed && S_ISDIR(st.st_mode))
        throw UsageError(target + " is a directory", "name an output file, e.g. events.gpkg");
    if (target_existed && !options.overwrite && !options.append)
        throw UsageError(target + " already exists", exists_hint());
    staging = std::make_unique<StagingDir>(target, where());
    if (!target_existed) return create_dataset();
    if (options.append) return open_for_append();

    // Overwriting: only GDAL knows which sidecars belong to the old dataset (publish()
    // removes the stale ones). Not a GDAL file of this format: nothing beyond the target.
    if (driver.one_file) old_files = {target};
    else if (GDALDatasetUniquePtr old = open_existing(target, GDAL_OF_READONLY))
        old_files = file_list(*old);
    CPLErrorReset();
    create_dataset();
}

void DatasetWriter::Impl::open_for_append() {
    if (driver.reader.empty())
        throw UsageError("cannot append to " + target + ": no " + driver.name +
                             " reader that reads its attributes back (GDAL lacks LIBKML)",
                         "write a new file, or use --overwrite");
    append_stamp = stamp(target);
    GDALDatasetUniquePtr existing =
        open_existing(target, GDAL_OF_READONLY, driver.update_in_place ? "" : driver.reader);
    if (!existing)
        throw gdal_error(where(), "cannot open the existing file to append to it",
                         "check that it is a " + driver.name +
                             " file, or replace it with --overwrite");
    old_files = file_list(*existing);
    if (!driver.update_in_place) {
        source_used.assign(static_cast<std::size_t>(existing->GetLayerCount()), false);
        append_source = std::move(existing);
        return create_dataset();
    }
    existing.reset();
    staging->copy_from_target(old_files);
    dataset = open_existing(staging->path(), GDAL_OF_UPDATE);
    if (!dataset) throw gdal_error(where(), "cannot open a copy for appending");
    relax_staged_sqlite(*dataset, driver.name, true);
}

DatasetWriter DatasetWriter::open(const std::string& target, const WriterOptions& options) {
    ensure_gdal_registered();
    if (options.overwrite && options.append)
        throw UsageError("--overwrite and --append exclude each other",
                         "use --overwrite to replace the output or --append to add to it");
    if (options.batch_size == 0)
        throw UsageError("the batch size must be at least 1", "the default is 10000");

    auto impl = std::make_unique<Impl>();
    impl->target = target;
    impl->options = options;
    if (target == stdout_target && options.driver.empty())
        throw UsageError("-o - (standard output) needs a format that streams",
                         "add -f GeoJSONSeq (one feature per line)");
    impl->driver = driver_traits(resolve_driver(target, options.driver));
    ErrorScope scope(&impl->warnings);
    impl->output_srs = options.t_srs.empty() ? wgs84_lon_lat() : parse_crs(options.t_srs);
    if (impl->driver.wgs84_only && !same_crs(impl->output_srs, wgs84_lon_lat()))
        throw UsageError(impl->driver.name + " is always WGS 84 longitude/latitude; it cannot be "
                             "written in " + crs_label(impl->output_srs),
                         "drop --t-srs, or write GPKG, FlatGeobuf or GeoJSON instead");
    // Bad KEY=VALUE options fail now rather than after the first article.
    dataset_creation_options(impl->driver, options);
    layer_creation_options(impl->driver, options, GeometryType::point, true);

    if (impl->database()) impl->open_database();
    else if (target == stdout_target) impl->open_stdout();
    else impl->open_file();
    return DatasetWriter(std::move(impl));
}

}  // namespace geoevent::output
