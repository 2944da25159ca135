#pragma once
// The event lexicon compiled for matching: every phrase indexed by its first word, and
// one vocabulary entry per word that answers every per-word question with one probe.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "event/words.hpp"
#include "geoevent/event/lexicon.hpp"
#include "toponym/flat_map.hpp"

namespace geoevent::event {
namespace detail {

// A lexicon phrase, split at "..." into parts that match consecutive words (fillers
// allowed between them); between two parts up to kMaxGap words of any kind.
struct CompiledPhrase {
    std::vector<Phrase> parts;
    // The same words as their vocabulary entries (CompiledLanguage::WordInfo), filled once
    // the vocabulary is complete: a word of text matches when its entry is the same
    // object, one pointer comparison instead of a string comparison.
    std::vector<std::vector<const void*>> ids;
    std::size_t size = 0;  // words of the phrase itself
    std::string acronym;   // non-empty for all-capital single-word aliases
};

inline constexpr std::size_t kMaxGap = 6;

CompiledPhrase compile(const std::string& text);

}  // namespace detail

// Every phrase of a language, indexed by its first word: matching a sentence then costs
// one hash probe per word instead of a pass over every alias and trigger.
struct CompiledLanguage {
    enum class Kind : std::uint8_t { actor, trigger, ally, agent, loser, place_anaphora, actor_anaphora };
    struct Entry {
        Kind kind;
        const void* def;  // ActorDef* or TriggerDef*
        detail::CompiledPhrase phrase;
    };
    std::string language;
    // Everything the lexicon knows about one word, found with one probe per word of text.
    struct WordInfo {
        std::vector<Entry> entries;  // phrases starting with the word
        // Parallel to `entries`: the vocabulary entry the phrase's second word must have
        // (null for a one-word first part), and whether fillers may come between. Most
        // phrases fail on their second word; this compact array settles them without
        // walking the phrases themselves.
        struct Second {
            const void* word = nullptr;
            bool fillers = false;
        };
        std::vector<Second> second;
        // The same phrases by second word, so that a word of text reaches only those its
        // next word can continue ("la" starts some thirty phrases; "la ville" two):
        // `always` are the phrases with a one-word first part, `groups` (sorted by word)
        // slice `grouped` into the others; indexes into `entries`, ascending in each list.
        struct Group {
            const void* word;
            std::uint32_t begin, end;
        };
        std::vector<std::uint32_t> always, grouped;
        std::vector<Group> groups;
        const Group* group(const void* word) const {
            auto it = std::lower_bound(groups.begin(), groups.end(), word,
                                       [](const Group& g, const void* w) { return std::less<const void*>()(g.word, w); });
            return it != groups.end() && it->word == word ? &*it : nullptr;
        }
        std::vector<const ActorDef*> demonym;  // actors with this nationality adjective
        bool military = false;       // a military noun
        bool anchor = false;         // the longest word of some trigger phrase
        bool filler = false;         // may sit inside a trigger phrase (is_filler_key)
        bool determiner = false;     // is_determiner()
        std::uint8_t cues = 0;       // CueFlag bits
    };
    // Probed once per word of every article: an open-addressing table (one array, no
    // node chase) rather than std::unordered_map. Filled only while compiling, so the
    // pointers info() hands out stay valid.
    toponym::detail::FlatStringMap<WordInfo> vocab;
    const WordInfo* info(std::string_view key) const { return vocab.find(key); }

    void add(Kind kind, const void* def, const std::string& text) {
        detail::CompiledPhrase c = detail::compile(text);
        if (c.parts.empty()) return;
        // Every word of a phrase gets an entry (see match_phrase).
        for (auto& part : c.parts)
            for (auto& k : part) vocab[k];
        vocab[c.parts.front().front()].entries.push_back({kind, def, std::move(c)});
    }
    // Once every word is in: the phrases' words as entries (they no longer move).
    void link_phrases() {
        vocab.for_each([&](std::string_view, WordInfo& info) {
            info.second.clear();
            for (auto& entry : info.entries) {
                auto& c = entry.phrase;
                c.ids.clear();
                for (auto& part : c.parts) {
                    auto& ids = c.ids.emplace_back();
                    for (auto& k : part) ids.push_back(vocab.find(k));
                }
                const auto& first = c.ids.front();
                info.second.push_back({first.size() >= 2 ? first[1] : nullptr, entry.kind == Kind::trigger});
            }
            info.always.clear(), info.grouped.clear(), info.groups.clear();
            std::vector<std::pair<const void*, std::uint32_t>> by_word;
            for (std::uint32_t e = 0; e < info.second.size(); ++e) {
                if (info.second[e].word) by_word.emplace_back(info.second[e].word, e);
                else info.always.push_back(e);
            }
            std::sort(by_word.begin(), by_word.end(), [](const auto& a, const auto& b) {
                return a.first != b.first ? std::less<const void*>()(a.first, b.first) : a.second < b.second;
            });
            for (auto& [word, e] : by_word) {
                if (info.groups.empty() || info.groups.back().word != word)
                    info.groups.push_back({word, static_cast<std::uint32_t>(info.grouped.size()), 0});
                info.grouped.push_back(e);
                info.groups.back().end = static_cast<std::uint32_t>(info.grouped.size());
            }
        });
    }
};

struct CompiledLexicon {
    std::vector<CompiledLanguage> languages;
    const CompiledLanguage& language(std::string_view lang) const {
        for (auto& l : languages)
            if (l.language == lang) return l;
        return languages.front();
    }
};

// Both languages of `lexicon`, compiled once per Extractor.
std::shared_ptr<const CompiledLexicon> compile_lexicon(const EventLexicon& lexicon);

}  // namespace geoevent::event
