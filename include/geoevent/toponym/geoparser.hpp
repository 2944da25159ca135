#pragma once
// Finds the place names of an article and resolves them in the context of the whole
// document: tokenizer -> tagger (gazetteer-driven, with lexicon filters and cues) ->
// resolver (country evidence, distances, admin cues, one sense per name).
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "geoevent/io/article.hpp"
#include "geoevent/toponym/lexicon.hpp"
#include "geoevent/toponym/mention.hpp"

namespace geoevent::gazetteer {
class Index;
}

namespace geoevent::toponym {

struct GeoparserOptions {
    bool report_demonyms = true;  // output demonyms (kind "demonym"); they count as evidence anyway
    std::size_t candidates = 3;   // alternatives listed per mention
};

// Keeps caches of gazetteer answers across articles, so it is not thread-safe: use one
// per thread (the Index and Lexicon may be shared). Index and Lexicon must outlive it.
class Geoparser {
public:
    Geoparser(const gazetteer::Index& index, const Lexicon& lexicon, GeoparserOptions options = {});
    ~Geoparser();
    Geoparser(Geoparser&&) noexcept;
    Geoparser& operator=(Geoparser&&) noexcept;

    // Detects and resolves, or only resolves `article.spans` when the article has them.
    // The language is `article.lang`, or detected when empty.
    std::vector<Mention> parse(const io::Article& article);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace geoevent::toponym
