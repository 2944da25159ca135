#pragma once
// Links places, actors and dates into events, sentence by sentence, using the trigger's
// argument structure, then merges what several sentences (or articles) say about one
// event into one feature with all its evidence.
#include <memory>
#include <optional>
#include <vector>

#include "geoevent/date.hpp"
#include "geoevent/event/event.hpp"
#include "geoevent/event/lexicon.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/toponym/mention.hpp"

namespace geoevent::event {

struct ExtractResult {
    std::vector<Event> events;
    bool date_from_text = false;  // the publication date came from a dateline
    bool date_missing = false;    // no date at all: events carry precision 3 or no date
};

struct CompiledLexicon;

class Extractor {
public:
    // Compiles the lexicon's phrases once; the lexicon must outlive the extractor.
    explicit Extractor(const EventLexicon& lexicon);
    // `fallback_date` (e.g. --date) is used when the article has neither a `date` nor a dateline.
    ExtractResult extract(const io::Article& article, const std::vector<toponym::Mention>& mentions,
                          std::optional<Date> fallback_date = std::nullopt) const;

private:
    // One stretch of text short enough for the sentence-to-sentence linking (coreference,
    // nearest actor), whose cost grows with the square of the events it holds.
    ExtractResult extract_segment(const io::Article& article, const std::vector<toponym::Mention>& mentions,
                                  std::optional<Date> fallback_date) const;
    const EventLexicon& m_lexicon;
    std::shared_ptr<const CompiledLexicon> m_compiled;
};

// Merges events about the same place and class whose dates are within a week and whose
// actors agree; encirclements and offensives at a place that changed hands become
// evidence (and allies) of the change. Output order is deterministic.
std::vector<Event> merge_events(std::vector<Event> events);

// Fills event_id, ACLED event_type / sub_event_type and inter codes.
void finalize(Event& e, const EventLexicon& lexicon);

}  // namespace geoevent::event
