#pragma once
// The `sources` table: one row per article (id, url, date, title) that events point to
// through their `source_id`, so a QGIS user can join or relate an event to its articles
// instead of reading URLs out of every event.
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "geoevent/output/dataset_writer.hpp"

namespace geoevent::output {

struct SourceRow {
    std::string url;
    std::string title;
    Value date;  // a Date, or null when the publication date is unknown
};

// Memory stays bounded whatever the corpus: past `rows_in_memory` rows, the rows held so
// far go to a sorted run in an anonymous temporary file, and write() merges the runs.
class SourcesTable {
public:
    static constexpr const char* layer_name = "sources";
    static LayerDef definition();  // no geometry; unique by source_id, so appends add nothing twice

    // `tmp_dir`: where the runs go ($TMPDIR or /tmp when empty).
    explicit SourcesTable(std::string tmp_dir = {}, std::size_t rows_in_memory = 8192);
    ~SourcesTable();
    SourcesTable(const SourcesTable&) = delete;
    SourcesTable& operator=(const SourcesTable&) = delete;

    // The first row given for an id wins: every event of an article repeats its metadata.
    // An empty id is ignored (such events point nowhere).
    void add(const std::string& id, SourceRow row);
    std::size_t runs() const noexcept;  // sorted runs written to the temporary file so far

    // Hands every id's first row to `sink`, in id order, and empties the table.
    void drain(const std::function<void(const std::string& id, const SourceRow& row)>& sink);

    // Writes (drains) the table as a layer of `writer`. Formats of one layer per file cannot
    // hold it next to the events: nothing is written then, and false returned.
    bool write(DatasetWriter& writer);

private:
    struct Runs;
    void spill();
    std::string m_tmp_dir;
    std::size_t m_rows_in_memory;
    std::map<std::string, SourceRow> m_rows;
    std::unique_ptr<Runs> m_runs;
};

}  // namespace geoevent::output
