#include "geoevent/output/sources_table.hpp"

namespace geoevent::output {

LayerDef SourcesTable::definition() {
    LayerDef def;
    def.name = layer_name;
    def.fields = {{"source_id", FieldType::string},
                  {"url", FieldType::string},
                  {"date", FieldType::date},
                  {"title", FieldType::string}};
    def.geometry = GeometryType::none;
    def.unique_field = "source_id";
    return def;
}

SourcesTable::SourcesTable(DatasetWriter& writer) : m_writer(writer) {
    if (writer.holds_several_layers()) m_layer = writer.layer(definition());
}

void SourcesTable::add(const std::string& id, const SourceRow& row) {
    if (!m_layer || id.empty()) return;
    auto text = [](const std::string& s) { return s.empty() ? Value{} : Value{s}; };
    m_writer.write(*m_layer, Feature{{id, text(row.url), row.date, text(row.title)}, {}});
}

std::uint64_t SourcesTable::size() const { return m_layer ? m_writer.counts(*m_layer).written : 0; }

}  // namespace geoevent::output
