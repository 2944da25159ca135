#pragma once
// A file dataset is written into a hidden staging directory next to its target
// (".events.gpkg.tmp-<pid>-<n>/events.gpkg"), under the target's own name: formats that
// name their sidecars inside the data (GML's .xsd) or name the layer after the file
// (Shapefile, CSV) then come out exactly as if written in place. Same file system, so
// publishing is a rename per file.
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

#include "output/gdal_util.hpp"

namespace geoevent::output::detail {

// Identifies one version of a file, to notice another process replacing it meanwhile.
struct FileStamp {
    dev_t device = 0;
    ino_t inode = 0;
    std::int64_t size = -1;
    std::int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};
FileStamp stamp(const std::string& path);  // size -1 when the file does not exist

class StagingDir {
public:
    // Checks that the target's directory exists and is writable (GdalError naming it
    // otherwise) and creates the staging directory in it.
    StagingDir(std::string target, Where where);
    ~StagingDir();  // removes the staging directory and whatever is still in it
    StagingDir(const StagingDir&) = delete;
    StagingDir& operator=(const StagingDir&) = delete;

    // Where GDAL should create (or find) the main file.
    const std::string& path() const noexcept { return m_path; }

    // Copies those of the target's files (as GDAL lists them) that share its stem.
    void copy_from_target(const std::vector<std::string>& target_files);

    // Moves every staged file next to the target, main file first. `replace` false
    // refuses (UsageError, with `exists_hint`) if the target appeared meanwhile. `old_files` (GDAL's list for
    // the replaced dataset) that the new dataset does not have are deleted, so a stale
    // .qix or .cpg does not end up next to a new Shapefile.
    void publish(bool replace, const std::vector<std::string>& old_files,
                 const std::string& exists_hint);

    void discard() noexcept;

private:
    std::vector<std::string> staged() const;  // file names in the staging directory
    bool shares_stem(const std::string& name) const;
    [[noreturn]] void fail(const std::string& what, int err) const;

    std::string m_target;
    Where m_where;
    std::string m_dir;   // the target's directory, with a trailing '/', or empty
    std::string m_name;  // "events.gpkg"
    std::string m_stem;  // "events"
    std::string m_staging;
    std::string m_path;
};

}  // namespace geoevent::output::detail
