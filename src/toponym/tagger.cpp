#include "toponym/tagger.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "geoevent/text/name_keys.hpp"
#include "toponym/tokenizer_detail.hpp"

namespace geoevent::toponym::detail {

bool phrase_at(const std::vector<Token>& tokens, std::size_t at, const Phrase& phrase) {
    if (at + phrase.size() > tokens.size()) return false;
    for (std::size_t k = 0; k < phrase.size(); ++k)
        if (tokens[at + k].key != phrase[k]) return false;
    return true;
}

namespace {

// The words a text adds to a word table (to remember their demonym answers) are dropped
// past this many, so a long run over a huge, varied corpus keeps a bounded footprint.
constexpr std::size_t max_text_words = 200000;

// The key of a cue phrase's last two words, from their string_hash values.
std::uint64_t cue_pair_hash(std::uint64_t second_last, std::uint64_t last) noexcept {
    return (second_last * 0x9E3779B97F4A7C15ull) ^ (last + (last >> 29));
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// French organisation names continue with lower-case adjectives (Armée syrienne libre,
// Forces démocratiques syriennes); these endings cover the adjectives that occur there.
bool adjective_like(std::string_view key) {
    for (std::string_view s : {"ien", "ienne", "iens", "iennes", "ais", "aise", "aises", "ain", "aine", "ains",
                               "aines", "ique", "iques", "al", "ale", "ales", "aux", "el", "elle", "elles",
                               "if", "ive", "ifs", "ives", "ee", "ees", "aire", "aires"})
        if (ends_with(key, s)) return true;
    return false;
}

// A loose key collides for many unrelated words (Homme -> Homo); a loosely matched
// name is kept only when its spelling is close to a stored one.
bool close_spelling(std::string_view surface, const std::vector<gazetteer::Candidate>& cands) {
    constexpr double min_similarity = 0.75;
    auto flat = text::flat_key(surface);
    for (std::size_t k = 0; k < cands.size() && k < 3; ++k) {
        if (cands[k].match == gazetteer::MatchKind::exact) return true;
        if (text::similarity(flat, text::flat_key(cands[k].matched_name)) >= min_similarity) return true;
    }
    return false;
}

// The phrases (indices, in lexicon order) whose first word is `key`.
const std::vector<std::uint32_t>& phrases_from(const FlatStringMap<std::vector<std::uint32_t>>& by_first,
                                               std::string_view key, std::uint64_t hash) {
    static const std::vector<std::uint32_t> none;
    const auto* found = by_first.find(key, hash);
    return found ? *found : none;
}

void remember(Detection& d, const std::vector<gazetteer::Candidate>& answer) {
    d.candidates = answer.data();
    d.candidate_count = answer.size();
}

bool name_like(const Token& t) { return (t.capitalised || t.no_case) && !t.elision && !t.has_digit; }

class Run {
public:
    Run(const std::vector<Token>& tokens, const std::vector<std::uint16_t>& flags) : m_t(tokens), m_f(flags) {}
    // Extends over capitalised tokens and connectors that lead to another capitalised one.
    std::size_t end(std::size_t i) const {
        std::size_t k = i;
        while (k + 1 < m_t.size() && m_t[k].space_after) {
            if (name_like(m_t[k + 1])) {
                ++k;
            } else if ((m_f[k + 1] & w_connector) && k + 2 < m_t.size() && m_t[k + 1].space_after &&
                       name_like(m_t[k + 2])) {
                k += 2;
            } else {
                break;
            }
        }
        return k;
    }
    std::size_t begin(std::size_t i) const {
        std::size_t k = i;
        while (k > 0 && m_t[k - 1].space_after && name_like(m_t[k - 1])) --k;
        return k;
    }

private:
    const std::vector<Token>& m_t;
    const std::vector<std::uint16_t>& m_f;
};

}  // namespace

Tagger::Tagger(GazetteerView& gazetteer, const Lexicon& lexicon) : m_gaz(gazetteer), m_lexicon(lexicon) {
    for (auto& lang : lexicon.languages()) {
        WordTable t{&lang, {}};
        auto mark = [&](const auto& words, std::uint16_t flag) {
            for (auto& w : words) t.words[w].flags |= flag;
        };
        auto mark_first = [&](const std::vector<Phrase>& phrases, std::uint16_t flag) {
            for (auto& p : phrases) t.words[p.front()].flags |= flag;
        };
        auto mark_last = [&](const std::vector<Phrase>& phrases, std::uint16_t flag) {
            for (auto& p : phrases) t.words[p.back()].flags |= flag;
        };
        mark(lang.stop_words, w_stop);
        mark(lang.ambiguous_words, w_ambiguous);
        mark(lang.connectors, w_connector);
        mark(lang.function_words, w_function);
        mark(lexicon.all_given_names(), w_given_name);
        mark(lang.org_heads, w_org_head);
        mark_first(lexicon.all_org_phrases(), w_org_phrase);
        mark_first(lexicon.all_person_names(), w_person_phrase);
        mark_first(lang.honorifics, w_honorific);
        auto index_first = [](const std::vector<Phrase>& phrases, FlatStringMap<std::vector<std::uint32_t>>& by_first) {
            for (std::size_t k = 0; k < phrases.size(); ++k) by_first[phrases[k].front()].push_back(static_cast<std::uint32_t>(k));
        };
        index_first(lexicon.all_org_phrases(), t.org_by_first);
        index_first(lexicon.all_person_names(), t.person_by_first);
        index_first(lang.honorifics, t.honorific_by_first);
        auto index_last = [&](const std::vector<Phrase>& phrases, std::vector<std::uint32_t> WordTable::CueLists::*list) {
            for (std::size_t k = 0; k < phrases.size(); ++k) {
                auto& p = phrases[k];
                const auto index = static_cast<std::uint32_t>(k);
                if (p.size() == 1) {
                    (t.cues_by_word[p.back()].*list).push_back(index);
                } else if (p.size() >= 2) {
                    const std::uint64_t pair = cue_pair_hash(string_hash(p[p.size() - 2]), string_hash(p.back()));
                    auto at = std::find_if(t.cues_by_pair.begin(), t.cues_by_pair.end(),
                                           [&](const auto& e) { return e.first == pair; });
                    if (at == t.cues_by_pair.end()) at = t.cues_by_pair.insert(at, {pair, {}});
                    (at->second.*list).push_back(index);
                }
            }
        };
        index_last(lang.cue_admin1_before, &WordTable::CueLists::admin1);
        index_last(lang.cue_populated_place, &WordTable::CueLists::populated_place);
        index_last(lang.cue_location, &WordTable::CueLists::location);
        mark_last(lang.cue_admin1_before, w_cue_end);
        mark_last(lang.cue_populated_place, w_cue_end);
        mark_last(lang.cue_location, w_cue_end);
        mark_first(lang.cue_admin1_after, w_cue_after);
        std::sort(t.cues_by_pair.begin(), t.cues_by_pair.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        t.lexicon_words = t.words.size();
        m_tables.push_back(std::move(t));
    }
}

const Tagger::WordTable& Tagger::table(const LanguageLexicon& lang) const {
    for (auto& t : m_tables)
        if (t.lang == &lang) return t;
    return m_tables.front();
}

Cue Tagger::cue_for(const std::vector<Token>& t, std::size_t first, std::size_t last,
                    const LanguageLexicon& lang) const {
    auto& words = table(lang);
    bool cue_before = first > 0 && (flags(words, t[first - 1].key) & w_cue_end);
    bool cue_after = last + 1 < t.size() && (flags(words, t[last + 1].key) & w_cue_after);
    return cue_between(t, first, last, words, cue_before, cue_after, nullptr);
}

Cue Tagger::cue_between(const std::vector<Token>& t, std::size_t first, std::size_t last, const WordTable& words,
                        bool cue_before, bool cue_after, const std::uint64_t* key_hashes) const {
    if (!cue_before && !cue_after) return Cue::none;
    const LanguageLexicon& lang = *words.lang;
    // Only the cue phrases ending with the word before the name can match there: the
    // one-word cue that is that word, and the longer ones ending with the two words there.
    const WordTable::CueLists* word_cue = nullptr;
    const WordTable::CueLists* pair_cues = nullptr;
    if (cue_before) {
        const std::uint64_t last_hash = key_hashes ? key_hashes[first - 1] : string_hash(t[first - 1].key);
        word_cue = words.cues_by_word.find(t[first - 1].key, last_hash);
        if (first >= 2) {
            const std::uint64_t pair = cue_pair_hash(key_hashes ? key_hashes[first - 2] : string_hash(t[first - 2].key), last_hash);
            auto at = std::lower_bound(words.cues_by_pair.begin(), words.cues_by_pair.end(), pair,
                                       [](const auto& e, std::uint64_t h) { return e.first < h; });
            if (at != words.cues_by_pair.end() && at->first == pair) pair_cues = &at->second;
        }
    }
    // Phrases reached through the pair hash are compared whole (hashes may collide).
    auto before = [&](const std::vector<Phrase>& phrases, std::vector<std::uint32_t> WordTable::CueLists::*list) {
        if (word_cue != nullptr && !(word_cue->*list).empty()) return true;
        if (pair_cues == nullptr) return false;
        for (std::uint32_t k : pair_cues->*list) {
            auto& p = phrases[k];
            if (first < p.size()) continue;
            const std::size_t at = first - p.size();
            std::size_t w = p.size();
            while (w > 0 && t[at + w - 1].key == p[w - 1]) --w;
            if (w == 0) return true;
        }
        return false;
    };
    if (before(lang.cue_admin1_before, &WordTable::CueLists::admin1)) return Cue::admin1;
    if (cue_after && t[last].space_after)
        for (auto& p : lang.cue_admin1_after)
            if (phrase_at(t, last + 1, p)) return Cue::admin1;
    if (before(lang.cue_populated_place, &WordTable::CueLists::populated_place)) return Cue::populated_place;
    if (before(lang.cue_location, &WordTable::CueLists::location)) return Cue::location;
    return Cue::none;
}

std::uint32_t Tagger::ask_demonym(WordTable& table, std::string_view key, std::uint64_t hash) {
    WordInfo* info = table.words.find(key, hash);
    if (info != nullptr && info->demonym != 0) return info->demonym;
    const auto& answer = m_gaz.demonym(key, hash);
    std::uint32_t memo = 1;
    if (answer) {
        table.demonyms.push_back(*answer);
        memo = static_cast<std::uint32_t>(table.demonyms.size() + 1);
    }
    if (info != nullptr) {
        info->demonym = memo;
    } else {
        table.words.insert(key, hash, WordInfo{0, memo});
    }
    return memo;
}

void Tagger::bound_words(WordTable& table) {
    if (table.words.size() <= table.lexicon_words + max_text_words) return;
    table.words.truncate(table.lexicon_words);
    table.words.for_each([](std::string_view, WordInfo& w) { w.demonym = 0; });
    table.demonyms.clear();
}

std::vector<Detection> Tagger::tag(std::string_view text, const LanguageLexicon& lang, const std::vector<Token>& t) {
    const std::size_t n = t.size();
    // Per-call arrays in buffers the tagger keeps, so a document allocates none of them.
    std::vector<char>& blocked = m_blocked;
    blocked.assign(n, 0);
    auto block = [&](std::size_t a, std::size_t b) {
        for (std::size_t k = a; k <= b && k < n; ++k) blocked[k] = 1;
    };
    auto& words = table(lang);
    bound_words(words);  // before the probes: the memos read below stay valid for the call
    std::vector<std::uint16_t>& f = m_flags;
    f.resize(n);
    std::vector<std::uint32_t>& memo = m_demonym_memo;
    memo.resize(n);
    // Each token's key is hashed once, for the word table and the cue phrases.
    std::vector<std::uint64_t>& key_hash = m_key_hashes;
    key_hash.resize(n);
    std::vector<std::uint64_t>& name_hash = m_name_hashes;
    name_hash.resize(n);
    // The compact key of tokens i..j (their keys without hyphens), valid until the next call.
    auto compact_of = [&](std::size_t i, std::size_t j) {
        detail::compact_key_of_tokens(t, i, j, m_compact);
        return std::string_view(m_compact);
    };
    for (std::size_t k = 0; k < n; ++k) {
        key_hash[k] = string_hash(t[k].key);
        const WordInfo* found = words.words.find(t[k].key, key_hash[k]);
        f[k] = found ? found->flags : 0;
        memo[k] = found ? found->demonym : 0;
        // The gazetteer's name set is much larger than the CPU caches; asking for the slots
        // now lets the loads overlap instead of stalling the scan below one by one.
        const Token& tok = t[k];
        if (name_like(tok)) {
            std::uint64_t h = 14695981039346656037ull;  // hash_key of the token's compact key
            for (char c : tok.key)
                if (c != '-') h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
            name_hash[k] = h;
            m_gaz.prefetch_name(h);
        }
    }
    Run run(t, f);
    // cue_for with the flags and hashes already known.
    auto cue_for = [&](const std::vector<Token>& tokens, std::size_t first, std::size_t last, const LanguageLexicon&) {
        const bool before = first > 0 && (f[first - 1] & w_cue_end);
        const bool after = last + 1 < n && (f[last + 1] & w_cue_after);
        return before || after ? cue_between(tokens, first, last, words, before, after, key_hash.data()) : Cue::none;
    };
    // The country token i names as a demonym ("syrienne"), or null.
    auto demonym_at = [&](std::size_t i) {
        if (memo[i] == 0) memo[i] = ask_demonym(words, t[i].key, key_hash[i]);
        return demonym_of(words, memo[i]);
    };
    // Words this document writes in lower case: "Nice" or "Mobile" opening a sentence is
    // the word, not the town, when the text also uses it lower case.
    // Looked up only for sentence-initial candidates, so scanned rather than indexed; the
    // length settles most tokens first.
    auto written_lower = [&](std::string_view key) {
        for (auto& tok : t)
            if (tok.key.size() == key.size() && !tok.capitalised && !tok.no_case && tok.key == key) return true;
        return false;
    };

    bool french_org_syntax = !lang.elisions.empty();
    for (std::size_t i = 0; i < n; ++i) {
        if (!f[i]) continue;
        bool known_org = false;  // "l'État islamique de Kobané": the name ends with the phrase
        if (f[i] & w_org_phrase)
            for (std::uint32_t k : phrases_from(words.org_by_first, t[i].key, key_hash[i]))
                if (auto& p = m_lexicon.all_org_phrases()[k]; phrase_at(t, i, p)) block(i, i + p.size() - 1), known_org = true;
        if (f[i] & w_person_phrase)
            for (std::uint32_t k : phrases_from(words.person_by_first, t[i].key, key_hash[i]))
                if (auto& p = m_lexicon.all_person_names()[k]; phrase_at(t, i, p)) block(run.begin(i), run.end(i + p.size() - 1));
        // Organisation heads and given names count only capitalised; honorifics are
        // usually lower case ("le président", "spokesman").
        if (t[i].capitalised && (f[i] & w_org_head) && !known_org) {
            std::size_t b = run.begin(i), e = run.end(i);
            if (french_org_syntax)
                while (e + 1 < n && e - i < 8 && t[e].space_after &&
                       (name_like(t[e + 1]) || (f[e + 1] & w_connector) ||
                        (!t[e + 1].capitalised && adjective_like(t[e + 1].key))))
                    ++e;
            block(b, e);
        } else if (t[i].capitalised && (f[i] & w_given_name) && i + 1 < n && t[i].space_after &&
                   name_like(t[i + 1])) {
            block(i, run.end(i));
        }
        if (!(f[i] & w_honorific)) continue;
        for (std::uint32_t h : phrases_from(words.honorific_by_first, t[i].key, key_hash[i])) {
            auto& p = lang.honorifics[h];
            if (!phrase_at(t, i, p)) continue;
            std::size_t k = i + p.size();
            // Adjectives between the title and the name: "le président syrien Bachar el-Assad".
            for (int skip = 0; skip < 3 && k < n && !t[k].capitalised && !t[k].elision && !t[k].no_case &&
                               !(f[k] & (w_connector | w_function | w_stop));
                 ++skip)
                ++k;
            if (k < n && name_like(t[k])) block(k, run.end(k));
            break;
        }
    }

    std::vector<Detection> out;
    out.reserve(n / 8 + 4);
    auto make = [&](std::size_t i, std::size_t j) {
        Detection d;
        d.first_token = i;
        d.last_token = j;
        d.byte_begin = t[i].byte_begin;
        d.byte_end = t[j].byte_end;
        d.cp_begin = t[i].cp_begin;
        d.cp_end = t[j].cp_end;
        d.surface.assign(text.substr(d.byte_begin, d.byte_end - d.byte_begin));
        d.whole_tokens = true;
        return d;
    };
    // A single token that names a country's people (syrien, Iraqi): reported as a demonym.
    auto add_demonym = [&](std::size_t i) {
        const gazetteer::Candidate* dem = demonym_at(i);
        if (!dem) return false;
        auto d = make(i, i);
        d.demonym = *dem;
        out.push_back(std::move(d));
        return true;
    };
    auto single_rejected = [&](std::size_t i) {
        const Token& tok = t[i];
        if (f[i] & w_stop) return true;
        if ((f[i] & w_ambiguous) && cue_for(t, i, i, lang) == Cue::none) return true;
        if (tok.all_upper && tok.cp_end - tok.cp_begin <= 3) return true;  // ONU, EI, USA: acronyms
        if (tok.sentence_start && written_lower(tok.key)) return true;
        return false;
    };
    auto followed_by_more_name = [&](std::size_t i, std::size_t j) {
        if (j + 1 >= n || !t[j].space_after || blocked[j + 1] || !t[j + 1].capitalised || t[j + 1].all_upper ||
            t[i].all_upper)
            return false;
        // Words that may follow a place name: "Idlib Province", "Aleppo University" (handled
        // as an organisation), "Mosul Iraqi troops".
        if (f[j + 1] & (w_stop | w_cue_after | w_org_head | w_connector | w_function)) return false;
        return !demonym_at(j + 1);
    };
    // Runs found nowhere, kept in case a loose match elsewhere in the document vouches for
    // them; their compact keys are slices of one string.
    std::vector<PendingRun>& pending = m_pending;
    pending.clear();
    std::string& pending_keys = m_pending_keys;
    pending_keys.clear();
    auto add_pending = [&](std::size_t i, std::size_t j, std::string_view compact) {
        pending.push_back({i, j, pending_keys.size(), compact.size()});
        pending_keys += compact;
    };
    std::unordered_set<std::string> loose_accepted;

    for (std::size_t i = 0; i < n;) {
        const Token& tok = t[i];
        if (blocked[i] || !name_like(tok)) {
            // memo 1: the table already knows the word names no country (most words).
            if (!blocked[i] && !tok.capitalised && !tok.has_digit && !tok.elision && tok.key.size() >= 4 &&
                !(f[i] & (w_function | w_stop | w_connector)) && memo[i] != 1)
                add_demonym(i);
            ++i;
            continue;
        }
        std::size_t jmax = i;
        while (jmax + 1 < n && jmax - i < 4 && t[jmax].space_after && !blocked[jmax + 1] &&
               (name_like(t[jmax + 1]) || ((f[jmax + 1] & w_connector) && !t[jmax + 1].elision)))
            ++jmax;
        // hash_key of the compact key of tokens i..j for each j: FNV-1a is incremental, so
        // each continues the one before over the next token's key.
        std::uint64_t hashes[5];
        std::uint64_t h = name_hash[i];
        hashes[0] = h;
        for (std::size_t k = i + 1; k <= jmax; ++k) {
            for (char c : t[k].key)
                if (c != '-') h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
            hashes[k - i] = h;
        }
        for (std::size_t k = 1; k <= jmax - i; ++k) m_gaz.prefetch_name(hashes[k]);
        bool found = false;
        for (std::size_t j = jmax + 1; j-- > i && !found;) {
            if (!name_like(t[j])) continue;
            if (!m_gaz.has_name_hash(hashes[j - i])) continue;
            if (j == i && single_rejected(i)) continue;
            auto d = make(i, j);
            d.cue = cue_for(t, i, j, lang);
            if (d.cue == Cue::none && followed_by_more_name(i, j)) {
                // "Jordan Henderson", "Paris Hilton": a place name that runs on into capitalised
                // words it is not part of is the start of a person's (or a thing's) name.
                i = run.end(j + 1) + 1;
                found = true;
                break;
            }
            auto& cands = m_gaz.lookup(d.surface, d.cue == Cue::admin1 ? gazetteer::Expect::admin1 : gazetteer::Expect::any);
            if (cands.empty()) continue;
            remember(d, cands);
            out.push_back(std::move(d));
            i = j + 1;
            found = true;
        }
        if (found) continue;
        if (!single_rejected(i)) {
            if (add_demonym(i)) {
                ++i;
                continue;
            }
            // A spelling the gazetteer only knows loosely (Boukamal for Albu Kamal) needs a
            // cue saying a place comes here; then every other mention in the document counts.
            Cue cue = cue_for(t, i, i, lang);
            std::size_t jrun = i;
            while (jrun < jmax && name_like(t[jrun + 1]) && jrun - i < 2) ++jrun;
            if (cue != Cue::none) {
                for (std::size_t j = jrun + 1; j-- > i && !found;) {
                    auto d = make(i, j);
                    d.cue = j == i ? cue : cue_for(t, i, j, lang);
                    auto& cands = m_gaz.lookup(d.surface, d.cue == Cue::admin1 ? gazetteer::Expect::admin1
                                                                             : gazetteer::Expect::any);
                    if (!close_spelling(d.surface, cands)) continue;
                    remember(d, cands);
                    d.loose = true;
                    loose_accepted.emplace(compact_of(i, j));
                    out.push_back(std::move(d));
                    i = j + 1;
                    found = true;
                }
                if (found) continue;
            }
            add_pending(i, jrun, compact_of(i, jrun));
            if (jrun != i) add_pending(i, i, compact_of(i, i));
        }
        ++i;
    }
    if (!loose_accepted.empty()) {
        std::vector<char> taken(n, 0);
        for (auto& d : out)
            for (std::size_t k = d.first_token; k <= d.last_token; ++k) taken[k] = 1;
        for (auto& p : pending) {
            if (!loose_accepted.count(pending_keys.substr(p.key_begin, p.key_size))) continue;
            bool free = true;
            for (std::size_t k = p.i; k <= p.j; ++k) free = free && !taken[k];
            if (!free) continue;
            auto d = make(p.i, p.j);
            d.loose = true;
            d.cue = cue_for(t, p.i, p.j, lang);
            for (std::size_t k = p.i; k <= p.j; ++k) taken[k] = 1;
            out.push_back(std::move(d));
        }
        std::sort(out.begin(), out.end(), [](const Detection& a, const Detection& b) { return a.byte_begin < b.byte_begin; });
    }
    return out;
}

}  // namespace geoevent::toponym::detail
