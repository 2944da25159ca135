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

void SourcesTable::add(const std::string& id, SourceRow row) {
    if (id.empty()) return;
    m_rows.try_emplace(id, std::move(row));
}

bool SourcesTable::write(DatasetWriter& writer) const {
    if (!writer.holds_several_layers()) return false;
    auto layer = writer.layer(definition());
    auto text = [](const std::string& s) { return s.empty() ? Value{} : Value{s}; };
    for (const auto& [id, row] : m_rows)
        writer.write(layer, Feature{{id, text(row.url), row.date, text(row.title)}, {}});
    return true;
}

}  // namespace geoevent::output
