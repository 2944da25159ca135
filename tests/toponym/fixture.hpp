#pragma once
// The embedded index and the project's lexicon, opened once per test process.
#include <string>
#include <vector>

#include "geoevent/gazetteer/index.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "test_config.hpp"

namespace geoevent::test {

inline const gazetteer::Index& embedded_index() {
    static const auto index = gazetteer::Index::open(default_index);
    return index;
}

inline const toponym::Lexicon& project_lexicon() {
    static const auto lexicon = toponym::Lexicon::load(std::string(source_dir) + "/lexicon");
    return lexicon;
}

inline std::vector<toponym::Mention> parse(const std::string& text, const std::string& lang = "") {
    static toponym::Geoparser parser(embedded_index(), project_lexicon());
    io::Article a;
    a.id = "t";
    a.text = text;
    a.lang = lang;
    return parser.parse(a);
}

// The mention whose surface is `name` (first one), or nullptr.
inline const toponym::Mention* find(const std::vector<toponym::Mention>& ms, const std::string& name) {
    for (auto& m : ms)
        if (m.name == name) return &m;
    return nullptr;
}

}  // namespace geoevent::test
