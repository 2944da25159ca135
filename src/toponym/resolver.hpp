#pragma once
// Resolution in document context: each distinct name (one sense per name per document)
// gets the candidate that best fits the rest of the article: countries named or implied
// by demonyms, proximity to the other places, "X, Country" pairs and admin-level cues,
// on top of the gazetteer's own score (key quality, population, feature code).
#include <string_view>
#include <vector>

#include "geoevent/toponym/mention.hpp"
#include "toponym/gazetteer_view.hpp"
#include "toponym/tagger.hpp"

namespace geoevent::toponym::detail {

std::vector<Mention> resolve(GazetteerView& gazetteer, const std::vector<Detection>& detections,
                             const std::vector<Token>& tokens, std::size_t max_candidates);

}  // namespace geoevent::toponym::detail
