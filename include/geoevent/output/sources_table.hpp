#pragma once
// The `sources` table: one row per article (id, url, date, title) that events point to
// through their `source_id`, so a QGIS user can join or relate an event to its articles
// instead of reading URLs out of every event.
#include <cstdint>
#include <optional>
#include <string>

#include "geoevent/output/dataset_writer.hpp"

namespace geoevent::output {

struct SourceRow {
    std::string url;
    std::string title;
    Value date;  // a Date, or null when the publication date is unknown
};

// Rows are written as they come rather than collected: a corpus of millions of articles
// must not hold their URLs and titles until the end.
class SourcesTable {
public:
    static constexpr const char* layer_name = "sources";
    static LayerDef definition();  // no geometry; unique by source_id, so appends add nothing twice

    // Adds the table to `writer` when the format holds several layers; formats of one
    // layer per file (GeoJSON…) cannot hold it next to the events, and every add() is
    // then a no-op. `writer` must outlive the table.
    explicit SourcesTable(DatasetWriter& writer);
    bool active() const noexcept { return m_layer.has_value(); }

    // Writes the row the first time `id` is seen: every event of an article repeats its
    // metadata, and the writer's unique source_id check drops the repeats (also rows an
    // appended dataset already holds). An empty id is ignored (such events point nowhere).
    void add(const std::string& id, const SourceRow& row);
    std::uint64_t size() const;  // rows written by this table

private:
    DatasetWriter& m_writer;
    std::optional<LayerHandle> m_layer;
};

}  // namespace geoevent::output
