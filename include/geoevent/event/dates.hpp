#pragma once
// Dates in news text: the publication date from a dateline ("jeudi 9 novembre 2017",
// "Nov. 9, 2017"), and the date a sentence speaks of — absolute, or relative to the
// publication date for past-tense news ("jeudi" = the latest Thursday on or before it).
#include <optional>
#include <string_view>

#include "geoevent/date.hpp"
#include "geoevent/event/event.hpp"

namespace geoevent::event {

// The first full date in the first 300 characters of the text, if any.
std::optional<Date> find_dateline(std::string_view text);

// The date a sentence refers to, or nullopt when it names none. `published` anchors
// weekdays and relative words; precision follows ACLED (1 day, 2 week, 3 month).
std::optional<EventDate> resolve_sentence_date(std::string_view sentence, const Date& published);

}  // namespace geoevent::event
