#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cli/command.hpp"

namespace geoevent::cli {

class ExtractCommand : public Command {
public:
    const char* name() const override { return "extract"; }
    const char* description() const override {
        return "Extract territorial-control events (who took which place from whom, when, with which allies) "
               "from articles and write them as a map layer (GeoJSON by default; any OGR format by extension "
               "or -f).";
    }
    const char* example() const override {
        return "geoevent extract examples/boukamal.fr.txt -o boukamal.geojson\n  geoevent extract news.jsonl -o events.gpkg --append";
    }
    void setup(CLI::App& app) override;
    int run(Context& ctx) override;

private:
    void check_modes() const;  // throws UsageError for option combinations that make no sense
    std::vector<std::string> m_inputs;
    std::string m_output;
    std::string m_driver;
    std::string m_gazetteer;
    std::string m_lexicon;
    std::vector<std::string> m_extra_lexicons;
    std::string m_lang;
    std::string m_date;
    std::string m_t_srs;
    std::string m_rejects;
    bool m_overwrite = false;
    std::optional<std::string> m_qgis_project;  // set, maybe empty: --qgis-project given
    bool m_append = false;
    bool m_strict = false;
    std::size_t m_max_article_bytes = 10u << 20;
    bool m_quiet = false;
    unsigned m_threads = 0;
    int m_progress = 0;  // 1 --progress, -1 --no-progress, 0 when stderr is a terminal
    bool m_resume = false;
    std::string m_shard;
    std::string m_tmp_dir;
    std::string m_partial_out;
    std::string m_merge;
    std::string m_place_shard;
};

}  // namespace geoevent::cli
