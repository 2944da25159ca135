#include "geoevent/toponym/lexicon.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <fstream>
#include <sstream>

#include "geoevent/error.hpp"
#include "geoevent/toponym/tokenizer.hpp"

namespace geoevent::toponym {

namespace {

class Loader {
public:
    Loader(std::string file, const rapidjson::Value& root) : m_file(std::move(file)), m_root(root) {}

    std::vector<std::string> strings(const char* key, const rapidjson::Value* parent = nullptr,
                                     const std::string& prefix = "") const {
        const rapidjson::Value& obj = parent ? *parent : m_root;
        std::string pointer = prefix + "/" + key;
        auto it = obj.FindMember(key);
        if (it == obj.MemberEnd()) return {};
        if (!it->value.IsArray()) throw ConfigError(m_file, pointer, "expected an array of strings");
        std::vector<std::string> out;
        rapidjson::SizeType i = 0;
        for (auto& v : it->value.GetArray()) {
            if (!v.IsString())
                throw ConfigError(m_file, pointer + "/" + std::to_string(i), "expected a string");
            out.emplace_back(v.GetString(), v.GetStringLength());
            ++i;
        }
        return out;
    }

    // Entries are tokenized like article text so they compare token by token.
    std::vector<Phrase> phrases(const char* key, const std::vector<std::string>& elisions,
                                const rapidjson::Value* parent = nullptr, const std::string& prefix = "") const {
        std::vector<Phrase> out;
        for (auto& s : strings(key, parent, prefix)) {
            Phrase p;
            for (auto& t : tokenize(s, elisions)) p.emplace_back(t.key);
            if (!p.empty()) out.push_back(std::move(p));
        }
        return out;
    }

    std::unordered_set<std::string> keys(const char* key) const {
        std::unordered_set<std::string> out;
        for (auto& s : strings(key)) out.insert(fold_key(s));
        return out;
    }

private:
    std::string m_file;
    const rapidjson::Value& m_root;
};

LanguageLexicon load_language(const std::string& file, const std::string& lang) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw ConfigError(file, "", "cannot open the lexicon file",
                          "pass --lexicon DIR (a directory with toponyms.<lang>.json) or set GEOEVENT_LEXICON");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string json = ss.str();
    rapidjson::Document doc;
    doc.Parse(json.c_str(), json.size());
    if (doc.HasParseError())
        throw ConfigError(file, "", std::string("malformed JSON at byte ") + std::to_string(doc.GetErrorOffset()) +
                                        ": " + rapidjson::GetParseError_En(doc.GetParseError()));
    if (!doc.IsObject()) throw ConfigError(file, "", "expected a JSON object");
    Loader l(file, doc);
    LanguageLexicon lex;
    lex.language = lang;
    for (auto& e : l.strings("elisions")) lex.elisions.push_back(fold_key(e));
    lex.function_words = l.keys("function_words");
    lex.connectors = l.keys("connectors");
    lex.stop_words = l.keys("stop_words");
    for (auto& k : l.keys("months")) lex.stop_words.insert(k);
    for (auto& k : l.keys("weekdays")) lex.stop_words.insert(k);
    lex.ambiguous_words = l.keys("ambiguous_words");
    lex.given_names = l.keys("given_names");
    lex.org_heads = l.keys("org_heads");
    lex.honorifics = l.phrases("honorifics", lex.elisions);
    lex.person_names = l.phrases("person_names", lex.elisions);
    lex.org_phrases = l.phrases("org_phrases", lex.elisions);
    if (auto it = doc.FindMember("cues"); it != doc.MemberEnd()) {
        if (!it->value.IsObject()) throw ConfigError(file, "/cues", "expected an object");
        const rapidjson::Value& cues = it->value;
        lex.cue_populated_place = l.phrases("populated_place", lex.elisions, &cues, "/cues");
        lex.cue_admin1_before = l.phrases("admin1_before", lex.elisions, &cues, "/cues");
        lex.cue_admin1_after = l.phrases("admin1_after", lex.elisions, &cues, "/cues");
        lex.cue_location = l.phrases("location", lex.elisions, &cues, "/cues");
    }
    return lex;
}

}  // namespace

Lexicon Lexicon::load(const std::string& dir, const std::vector<std::string>& languages) {
    if (languages.empty()) throw ConfigError(dir, "", "no language to load");
    Lexicon lexicon;
    for (auto& lang : languages) {
        auto lex = load_language(dir + "/toponyms." + lang + ".json", lang);
        auto add = [](std::vector<Phrase>& to, const std::vector<Phrase>& from) {
            to.insert(to.end(), from.begin(), from.end());
        };
        add(lexicon.m_person_names, lex.person_names);
        add(lexicon.m_org_phrases, lex.org_phrases);
        lexicon.m_given_names.insert(lex.given_names.begin(), lex.given_names.end());
        lexicon.m_languages.push_back(std::move(lex));
    }
    return lexicon;
}

const LanguageLexicon& Lexicon::language(std::string_view lang) const {
    for (auto& l : m_languages)
        if (l.language == lang) return l;
    return m_languages.front();
}

std::string Lexicon::detect_language(std::string_view text) const {
    // The first few kilobytes are plenty to tell French from English.
    auto tokens = tokenize(text.substr(0, 4000), {});
    std::size_t best = 0, best_count = 0;
    for (std::size_t i = 0; i < m_languages.size(); ++i) {
        std::size_t count = 0;
        for (auto& t : tokens) count += m_languages[i].function_words.count(std::string(t.key));
        if (count > best_count) {
            best = i;
            best_count = count;
        }
    }
    return m_languages[best].language;
}

}  // namespace geoevent::toponym
