#include "geoevent/event/lexicon.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "geoevent/error.hpp"

namespace geoevent::event {

namespace {

const std::string hint = "fix the entry; the format is described in lexicon/README.md";

std::vector<std::string> strings(const rapidjson::Value& v, const std::string& file, const std::string& ptr) {
    if (!v.IsArray()) throw ConfigError(file, ptr, "expected an array of strings", hint);
    std::vector<std::string> out;
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
        if (!v[i].IsString() || v[i].GetStringLength() == 0)
            throw ConfigError(file, ptr + "/" + std::to_string(i), "expected a non-empty string", hint);
        out.emplace_back(v[i].GetString(), v[i].GetStringLength());
    }
    return out;
}

std::vector<std::string> optional_strings(const rapidjson::Value& obj, const char* key, const std::string& file) {
    if (!obj.HasMember(key)) return {};
    return strings(obj[key], file, std::string("/") + key);
}

EventClass parse_class(const std::string& s, const std::string& file, const std::string& ptr) {
    if (s == "control_change") return EventClass::control_change;
    if (s == "control_status") return EventClass::control_status;
    if (s == "encirclement") return EventClass::encirclement;
    if (s == "withdrawal") return EventClass::withdrawal;
    if (s == "offensive") return EventClass::offensive;
    throw ConfigError(file, ptr, "unknown event class '" + s + "'",
                      "use control_change, control_status, encirclement, withdrawal or offensive");
}

Voice parse_voice(const std::string& s, const std::string& file, const std::string& ptr) {
    if (s == "active") return Voice::active;
    if (s == "passive") return Voice::passive;
    if (s == "loss") return Voice::loss;
    if (s == "fell") return Voice::fell;
    if (s == "nominal") return Voice::nominal;
    throw ConfigError(file, ptr, "unknown voice '" + s + "'", "use active, passive, loss, fell or nominal");
}

}  // namespace

const char* to_string(EventClass c) noexcept {
    switch (c) {
    case EventClass::control_change: return "control_change";
    case EventClass::control_status: return "control_status";
    case EventClass::encirclement: return "encirclement";
    case EventClass::withdrawal: return "withdrawal";
    case EventClass::offensive: return "offensive";
    }
    return "?";
}

EventLexicon EventLexicon::load(const std::string& dir, const std::vector<std::string>& languages,
                                const std::vector<std::string>& extra_files) {
    EventLexicon lex;
    for (auto& lang : languages) lex.load_file(dir + "/events." + lang + ".json", lang);
    for (auto& f : extra_files) lex.load_file(f, "");
    return lex;
}

void EventLexicon::load_file(const std::string& path, const std::string& expected_language) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path, "", "cannot open lexicon file", "check the path (--lexicon, or the lexicon/ directory)");
    std::stringstream buf;
    buf << in.rdbuf();
    std::string json = buf.str();
    rapidjson::Document doc;
    doc.Parse(json.c_str(), json.size());
    if (doc.HasParseError()) {
        std::size_t line = 1 + static_cast<std::size_t>(std::count(json.begin(), json.begin() + static_cast<long>(std::min(doc.GetErrorOffset(), json.size())), '\n'));
        throw ConfigError(path, "", std::string("invalid JSON at line ") + std::to_string(line) + ": " +
                                        rapidjson::GetParseError_En(doc.GetParseError()), hint);
    }
    if (!doc.IsObject()) throw ConfigError(path, "", "expected a JSON object", hint);
    if (!doc.HasMember("language") || !doc["language"].IsString())
        throw ConfigError(path, "/language", "missing language code (\"fr\", \"en\", …)", hint);
    std::string lang = doc["language"].GetString();
    if (!expected_language.empty() && lang != expected_language)
        throw ConfigError(path, "/language", "says '" + lang + "' but the file is for '" + expected_language + "'", hint);

    if (doc.HasMember("actors")) {
        const auto& actors = doc["actors"];
        if (!actors.IsArray()) throw ConfigError(path, "/actors", "expected an array", hint);
        for (rapidjson::SizeType i = 0; i < actors.Size(); ++i) {
            std::string ptr = "/actors/" + std::to_string(i);
            const auto& a = actors[i];
            if (!a.IsObject() || !a.HasMember("name") || !a["name"].IsString() || a["name"].GetStringLength() == 0)
                throw ConfigError(path, ptr + "/name", "an actor needs a non-empty name", hint);
            if (a.HasMember("inter") && !(a["inter"].IsInt() && a["inter"].GetInt() >= 0 && a["inter"].GetInt() <= 8))
                throw ConfigError(path, ptr + "/inter", "inter must be an ACLED actor code from 0 to 8", hint);
            std::string name = a["name"].GetString();
            auto aliases = a.HasMember("aliases") ? strings(a["aliases"], path, ptr + "/aliases") : std::vector<std::string>{};
            auto demonyms = a.HasMember("demonyms") ? strings(a["demonyms"], path, ptr + "/demonyms") : std::vector<std::string>{};
            ActorDef* existing = nullptr;
            for (auto& x : m_actors)
                if (x.name == name) existing = &x;
            if (!existing) {
                m_actors.push_back(ActorDef{name, 0, "", {}, {}});
                existing = &m_actors.back();
            }
            if (a.HasMember("inter")) existing->inter = a["inter"].GetInt();
            if (a.HasMember("country") && a["country"].IsString()) existing->country = a["country"].GetString();
            existing->aliases.insert(existing->aliases.end(), aliases.begin(), aliases.end());
            existing->aliases.push_back(name);
            existing->demonyms.insert(existing->demonyms.end(), demonyms.begin(), demonyms.end());
        }
    }

    LanguageEventLexicon* L = nullptr;
    for (auto& l : m_languages)
        if (l.language == lang) L = &l;
    if (!L) {
        m_languages.push_back(LanguageEventLexicon{lang, {}, {}, {}, {}, {}, {}, {}});
        L = &m_languages.back();
    }
    if (doc.HasMember("triggers")) {
        const auto& triggers = doc["triggers"];
        if (!triggers.IsArray()) throw ConfigError(path, "/triggers", "expected an array", hint);
        for (rapidjson::SizeType i = 0; i < triggers.Size(); ++i) {
            std::string ptr = "/triggers/" + std::to_string(i);
            const auto& t = triggers[i];
            if (!t.IsObject()) throw ConfigError(path, ptr, "expected an object", hint);
            if (!t.HasMember("class") || !t["class"].IsString()) throw ConfigError(path, ptr + "/class", "missing class", hint);
            TriggerDef def;
            def.event_class = parse_class(t["class"].GetString(), path, ptr + "/class");
            def.voice = t.HasMember("voice") && t["voice"].IsString() ? parse_voice(t["voice"].GetString(), path, ptr + "/voice")
                                                                      : Voice::active;
            if (!t.HasMember("phrases")) throw ConfigError(path, ptr + "/phrases", "missing phrases", hint);
            def.phrases = strings(t["phrases"], path, ptr + "/phrases");
            L->triggers.push_back(std::move(def));
        }
    }
    auto append = [&](std::vector<std::string>& dst, const char* key) {
        auto v = optional_strings(doc, key, path);
        dst.insert(dst.end(), v.begin(), v.end());
    };
    append(L->agent_cues, "agent_cues");
    append(L->loser_cues, "loser_cues");
    append(L->ally_cues, "ally_cues");
    append(L->place_anaphora, "place_anaphora");
    append(L->actor_anaphora, "actor_anaphora");
    append(L->military_nouns, "military_nouns");
}

const ActorDef* EventLexicon::actor(std::string_view name) const noexcept {
    for (auto& a : m_actors)
        if (a.name == name) return &a;
    return nullptr;
}

const LanguageEventLexicon& EventLexicon::language(std::string_view lang) const {
    for (auto& l : m_languages)
        if (l.language == lang) return l;
    if (m_languages.empty()) throw ConfigError("lexicon", "", "no event lexicon loaded", hint);
    return m_languages.front();
}

}  // namespace geoevent::event
