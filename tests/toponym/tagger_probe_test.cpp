// The tagger's fast paths against simple references: one word-table probe per token that
// also remembers demonym answers, cue phrases reached by their last two words, and the
// lookup cache kept per Expect value. Detection must not change at all.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "geoevent/io/article.hpp"
#include "toponym/fixture.hpp"
#include "toponym/flat_map.hpp"
#include "toponym/gazetteer_view.hpp"
#include "toponym/tagger.hpp"

using namespace geoevent;
using namespace geoevent::toponym;
using namespace geoevent::toponym::detail;

namespace {

std::vector<io::Article> development_articles() {
    std::vector<io::Article> articles;
    for (const char* file : {"/toponyms/dev.jsonl", "/events/dev.jsonl", "/events/heldout.jsonl"})
        io::read_articles(std::string(test::data_dir) + file, {},
                          [&](io::Article&& a) { articles.push_back(std::move(a)); }, {});
    return articles;
}

const LanguageLexicon& language_of(const io::Article& a) {
    auto& lexicon = test::project_lexicon();
    return lexicon.language(a.lang.empty() ? lexicon.detect_language(a.text) : a.lang.substr(0, 2));
}

// Lines that put cue words at the edges of the text, next to broken UTF-8, in capitals and
// in every list (before the name, after it, one word and several).
const std::vector<std::string> cue_edge_cases = {
    "de Alep",
    "Alep",
    "province de",
    "la ville de Raqqa et la province d'Idlib, près de Homs",
    "dans la région de Kharkiv, à l'est de Mossoul, au sud d'Alep",
    "non loin de Palmyre, aux abords de Deir ez-Zor, sur la route de Damas",
    "near Mosul, in the town of Tal Afar and the Nineveh governorate of Iraq",
    "Idlib province, Idlib Province, Raqqa governorate and the state of Borno",
    "\xff de Homs, ville\xc3 de Homs, ville \xc3\xa9 de Homs",
    "VILLE DE HOMS, Ville De Homs, ville de ville de Homs",
    "de de de de Homs, of of Mosul, town of of Mosul",
    "the siege of the town of Raqqa, the fall of Mosul, based in Erbil",
};

// Cue::admin1 before, admin1 after, populated place, location: each list scanned whole,
// every phrase compared word by word (what cue_for answered before its indexes).
Cue reference_cue(const std::vector<Token>& t, std::size_t first, std::size_t last, const LanguageLexicon& lang) {
    auto ends_before = [&](const std::vector<Phrase>& phrases) {
        for (auto& p : phrases)
            if (!p.empty() && first >= p.size() && phrase_at(t, first - p.size(), p)) return true;
        return false;
    };
    if (ends_before(lang.cue_admin1_before)) return Cue::admin1;
    if (last + 1 < t.size() && t[last].space_after)
        for (auto& p : lang.cue_admin1_after)
            if (!p.empty() && phrase_at(t, last + 1, p)) return Cue::admin1;
    if (ends_before(lang.cue_populated_place)) return Cue::populated_place;
    if (ends_before(lang.cue_location)) return Cue::location;
    return Cue::none;
}

// Everything a detection says, candidates by id, as one comparable line.
std::string describe(const Detection& d) {
    std::ostringstream s;
    s << d.byte_begin << '-' << d.byte_end << ' ' << d.cp_begin << '-' << d.cp_end << ' ' << d.first_token << '-'
      << d.last_token << " '" << d.surface << "' cue " << static_cast<int>(d.cue) << " loose " << d.loose << " whole "
      << d.whole_tokens;
    if (d.demonym) s << " demonym " << d.demonym->place.geonameid << '/' << static_cast<int>(d.demonym->match);
    s << " candidates";
    for (std::size_t k = 0; k < d.candidate_count; ++k)
        s << ' ' << d.candidates[k].place.geonameid << ':' << d.candidates[k].score;
    return s.str();
}

std::vector<std::string> describe_all(const std::vector<Detection>& ds) {
    std::vector<std::string> out;
    for (auto& d : ds) out.push_back(describe(d));
    return out;
}

}  // namespace

TEST_CASE("cue_for equals a scan of every cue phrase, on the development sets and at the edges", "[toponym]") {
    auto& lexicon = test::project_lexicon();
    GazetteerView view(test::embedded_index());
    Tagger tagger(view, lexicon);
    std::vector<std::pair<std::string, const LanguageLexicon*>> texts;
    for (auto& a : development_articles()) texts.emplace_back(a.text, &language_of(a));
    for (auto& line : cue_edge_cases)
        for (auto& lang : lexicon.languages()) texts.emplace_back(line, &lang);
    std::size_t compared = 0, cued = 0, mismatches = 0;
    std::string first_mismatch;
    for (auto& [text, lang] : texts) {
        const auto tokens = tokenize(text, lang->elisions);
        for (std::size_t first = 0; first < tokens.size(); ++first)
            for (std::size_t last = first; last < tokens.size() && last < first + 4; ++last) {
                const Cue fast = tagger.cue_for(tokens, first, last, *lang);
                const Cue slow = reference_cue(tokens, first, last, *lang);
                ++compared;
                cued += slow != Cue::none;
                if (fast != slow && mismatches++ == 0)
                    first_mismatch = text + " @" + std::to_string(first) + "-" + std::to_string(last);
            }
    }
    INFO(first_mismatch);
    CHECK(mismatches == 0);
    CHECK(compared > 25000);
    CHECK(cued > 1000);  // every list is exercised, not only the "no cue" answer
}

// The tagger's word table keeps the demonym answer of each word the text brings (and drops
// those words past a bound): a tagger that has seen many documents, in any order, and one
// that has just dropped its remembered words must detect exactly what a fresh one does.
TEST_CASE("a tagger remembering demonyms across documents detects what a fresh tagger detects", "[toponym]") {
    auto& lexicon = test::project_lexicon();
    const auto articles = development_articles();
    REQUIRE(articles.size() >= 100);
    std::vector<std::vector<std::string>> fresh;
    std::size_t demonyms = 0, cued = 0;
    GazetteerView reference(test::embedded_index());
    for (auto& a : articles) {
        GazetteerView view(test::embedded_index());
        Tagger tagger(view, lexicon);
        auto& lang = language_of(a);
        const auto tokens = tokenize(a.text, lang.elisions);
        const auto ds = tagger.tag(a.text, lang, tokens);
        for (auto& d : ds) {
            demonyms += d.demonym.has_value();
            cued += d.cue != Cue::none;
            // The demonym is the gazetteer's own answer for the word.
            if (d.demonym) {
                const auto& answer = reference.demonym(tokens[d.first_token].key);
                REQUIRE(answer.has_value());
                CHECK(answer->place.geonameid == d.demonym->place.geonameid);
            }
        }
        fresh.push_back(describe_all(ds));
    }
    CHECK(demonyms > 20);
    CHECK(cued > 20);

    GazetteerView view(test::embedded_index());
    Tagger tagger(view, lexicon);
    auto check_all = [&](bool reverse) {
        for (std::size_t n = 0; n < articles.size(); ++n) {
            const std::size_t k = reverse ? articles.size() - 1 - n : n;
            auto& lang = language_of(articles[k]);
            const auto tokens = tokenize(articles[k].text, lang.elisions);
            INFO(articles[k].id);
            REQUIRE(describe_all(tagger.tag(articles[k].text, lang, tokens)) == fresh[k]);
        }
    };
    check_all(false);
    check_all(true);
    check_all(false);  // every word's answer is now remembered

    // More distinct lower-case words than the table keeps (200,000), then the documents
    // again: the table drops what the text added and asks the gazetteer afresh.
    std::string many;
    for (std::uint32_t i = 0; i < 200500; ++i) {
        many += "zq";
        for (std::uint32_t v = i, d = 0; d < 4; ++d, v /= 26) many += static_cast<char>('a' + v % 26);
        many += ' ';
    }
    for (auto& lang : lexicon.languages()) {
        const auto tokens = tokenize(many, lang.elisions);
        REQUIRE(tokens.size() == 200500);
        CHECK(tagger.tag(many, lang, tokens).empty());
    }
    check_all(true);
    check_all(false);
}

TEST_CASE("FlatStringMap::truncate keeps exactly the first entries", "[toponym]") {
    std::vector<std::string> keys;
    for (auto& a : development_articles())
        for (auto& tok : tokenize(a.text, language_of(a).elisions)) keys.emplace_back(tok.key);
    keys.push_back("");
    keys.push_back("\xff\xfe");
    FlatStringMap<std::uint32_t> map;
    std::vector<std::string> order;  // distinct keys in insertion order
    std::unordered_map<std::string, std::uint32_t> reference;
    for (auto& k : keys)
        if (reference.emplace(k, static_cast<std::uint32_t>(order.size())).second) {
            map.insert(k, static_cast<std::uint32_t>(order.size()));
            order.push_back(k);
        }
    REQUIRE(order.size() > 2000);
    REQUIRE(map.size() == order.size());
    for (std::size_t keep : {order.size() + 5, order.size(), order.size() - 1, std::size_t{1500}, std::size_t{37},
                             std::size_t{1}, std::size_t{0}}) {
        map.truncate(keep);
        const std::size_t kept = std::min(keep, order.size());
        CHECK(map.size() == kept);
        std::size_t wrong = 0;
        for (std::size_t k = 0; k < order.size(); ++k) {
            const std::uint32_t* v = map.find(order[k]);
            if (k < kept ? (v == nullptr || *v != k) : v != nullptr) ++wrong;
        }
        CHECK(wrong == 0);
        // Entries inserted after a truncation are found beside the kept ones.
        for (std::size_t k = kept; k < order.size(); ++k) map.insert(order[k], static_cast<std::uint32_t>(k));
        for (std::size_t k = 0; k < order.size(); ++k) {
            const std::uint32_t* v = map.find(order[k]);
            if (v == nullptr || *v != k) ++wrong;
        }
        CHECK(wrong == 0);
        map.truncate(kept);
    }
}

TEST_CASE("GazetteerView::lookup answers what Index::lookup answers, for every Expect", "[toponym]") {
    auto& index = test::embedded_index();
    std::vector<std::string> names;
    std::unordered_map<std::string, bool> seen;
    for (auto& a : development_articles())
        for (auto& tok : tokenize(a.text, language_of(a).elisions))
            if (tok.capitalised && seen.emplace(std::string(a.text.substr(tok.byte_begin, tok.byte_end - tok.byte_begin)), true).second)
                names.emplace_back(a.text.substr(tok.byte_begin, tok.byte_end - tok.byte_begin));
    for (const char* extra : {"Deir ez-Zor", "Deir Ezzor", "Boukamal", "", "\xff\xfe", "Idlib", "idlib", "New York"})
        names.emplace_back(extra);
    REQUIRE(names.size() > 500);
    GazetteerView view(index);
    const gazetteer::Expect expects[] = {gazetteer::Expect::any, gazetteer::Expect::populated_place,
                                         gazetteer::Expect::admin1, gazetteer::Expect::country};
    std::size_t compared = 0, answered = 0, wrong = 0;
    for (int round = 0; round < 2; ++round) {  // the second round is answered from the cache
        for (auto& name : names)
            for (auto expect : expects) {
                gazetteer::LookupOptions o;
                o.limit = max_lookup_candidates;
                o.expect = expect;
                const auto want = index.lookup(name, o);
                const auto& got = view.lookup(name, expect);
                ++compared;
                answered += !want.empty();
                bool same = got.size() == want.size();
                for (std::size_t k = 0; same && k < want.size(); ++k)
                    same = got[k].place.geonameid == want[k].place.geonameid && got[k].score == want[k].score &&
                           got[k].match == want[k].match && got[k].matched_name == want[k].matched_name;
                wrong += !same;
            }
        view.trim_cache();
    }
    CHECK(wrong == 0);
    CHECK(compared == names.size() * 8);
    CHECK(answered > 400);
}
