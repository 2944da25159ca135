#pragma once
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
    bool m_append = false;
    bool m_strict = false;
    bool m_quiet = false;
};

}  // namespace geoevent::cli
