#pragma once
// The `sources` table: one row per article (id, url, date, title) that events point to
// through their `source_id`, so a QGIS user can join or relate an event to its articles
// instead of reading URLs out of every event.
#include <cstddef>
#include <map>
#include <string>

#include "geoevent/output/dataset_writer.hpp"

namespace geoevent::output {

struct SourceRow {
    std::string url;
    std::string title;
    Value date;  // a Date, or null when the publication date is unknown
};

class SourcesTable {
public:
    static constexpr const char* layer_name = "sources";
    static LayerDef definition();  // no geometry; unique by source_id, so appends add nothing twice

    // The first row given for an id wins: every event of an article repeats its metadata.
    // An empty id is ignored (such events point nowhere).
    void add(const std::string& id, SourceRow row);
    std::size_t size() const noexcept { return m_rows.size(); }

    // Writes the table as a layer of `writer`, in id order. Formats of one layer per file
    // cannot hold it next to the events: nothing is written then, and false returned.
    bool write(DatasetWriter& writer) const;

private:
    std::map<std::string, SourceRow> m_rows;
};

}  // namespace geoevent::output
