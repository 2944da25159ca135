#pragma once
// `geoevent toponyms`: every place mention of every article, resolved, as JSON Lines.
#include <cstddef>
#include <string>
#include <vector>

#include "cli/command.hpp"

namespace geoevent::cli {

class ToponymsCommand : public Command {
public:
    const char* name() const override { return "toponyms"; }
    const char* description() const override {
        return "Find every place name in articles and resolve it to a GeoNames place.";
    }
    const char* example() const override {
        return "geoevent toponyms articles.jsonl > toponyms.jsonl\n"
               "  geoevent toponyms examples/boukamal.fr.txt -o mentions.geojson";
    }
    void setup(CLI::App& app) override;
    int run(Context& ctx) override;

private:
    std::vector<std::string> m_inputs;
    std::string m_gazetteer;
    std::string m_lexicon;
    std::string m_lang;
    std::string m_format = "auto";
    std::string m_output;
    std::size_t m_max_article_bytes = 10u << 20;
    std::string m_rejects;
    bool m_strict = false;
    bool m_no_demonyms = false;
    bool m_quiet = false;
    bool m_overwrite = false;
};

}  // namespace geoevent::cli
