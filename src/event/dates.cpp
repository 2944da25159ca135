#include "geoevent/event/dates.hpp"

#include <array>
#include <cstdlib>

#include "event/words.hpp"

namespace geoevent::event {

using detail::Word;

namespace {

// Folded keys (accents and case removed), French then English.
const std::array<const char*, 7> weekdays_fr = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
const std::array<const char*, 7> weekdays_en = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
const std::array<const char*, 12> months_fr = {"janvier", "fevrier", "mars", "avril", "mai", "juin",
                                               "juillet", "aout", "septembre", "octobre", "novembre", "decembre"};
const std::array<const char*, 12> months_en = {"january", "february", "march", "april", "may", "june",
                                               "july", "august", "september", "october", "november", "december"};
const std::array<const char*, 12> months_en_abbr = {"jan", "feb", "mar", "apr", "may", "jun",
                                                    "jul", "aug", "sep", "oct", "nov", "dec"};

int month_of(const std::string& key) {
    for (int m = 0; m < 12; ++m)
        if (key == months_fr[m] || key == months_en[m] || key == months_en_abbr[m] || (key == "sept" && m == 8)) return m + 1;
    return 0;
}

int weekday_of(const std::string& key) {
    for (int d = 0; d < 7; ++d)
        if (key == weekdays_fr[d] || key == weekdays_en[d]) return d;
    return -1;
}

int number(const std::string& key) {
    if (key.empty() || key.size() > 4) return -1;
    for (char c : key)
        if (c < '0' || c > '9') return -1;
    return std::atoi(key.c_str());
}

// "9 novembre 2017", "novembre 9, 2017", "Nov. 9, 2017", "1er mars 2015", and ISO dates.
std::optional<Date> absolute_at(const std::vector<Word>& w, std::size_t i) {
    auto at = [&](std::size_t k) -> const std::string& {
        static const std::string none;
        return k < w.size() ? w[k].key : none;
    };
    int d = number(at(i)), m = 0, y = 0;
    std::string first = at(i);
    if (first == "1er") d = 1;
    if (d >= 1 && d <= 31 && (m = month_of(at(i + 1))) && (y = number(at(i + 2))) >= 1900) return Date{y, m, d};
    if ((m = month_of(at(i))) && (d = number(at(i + 1))) >= 1 && d <= 31 && (y = number(at(i + 2))) >= 1900)
        return Date{y, m, d};
    if ((y = number(at(i))) >= 1900 && at(i).size() == 4 && (m = number(at(i + 1))) >= 1 && m <= 12 &&
        (d = number(at(i + 2))) >= 1 && d <= 31)
        return Date{y, m, d};
    return std::nullopt;
}

Date latest_weekday_on_or_before(const Date& ref, int weekday) {
    int delta = (ref.weekday() - weekday + 7) % 7;
    return ref.plus_days(-delta);
}

}  // namespace

std::optional<Date> find_dateline(std::string_view text) {
    std::size_t cut = 0, cps = 0;
    while (cut < text.size() && cps < 300) {
        unsigned char c = static_cast<unsigned char>(text[cut]);
        cut += c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        ++cps;
    }
    auto words = detail::split_words(text.substr(0, std::min(cut, text.size())));
    for (std::size_t i = 0; i < words.size(); ++i)
        if (auto d = absolute_at(words, i); d && d->valid()) return d;
    return std::nullopt;
}

std::optional<EventDate> resolve_sentence_date(std::string_view sentence, const Date& published) {
    auto w = detail::split_words(sentence);
    for (std::size_t i = 0; i < w.size(); ++i)
        if (auto d = absolute_at(w, i); d && d->valid() && *d <= published) return EventDate{d->iso(), 1};
    for (std::size_t i = 0; i < w.size(); ++i) {
        const std::string& k = w[i].key;
        const std::string next = i + 1 < w.size() ? w[i + 1].key : "";
        const std::string prev = i > 0 ? w[i - 1].key : "";
        if (k == "hier" || k == "yesterday") return EventDate{published.plus_days(-1).iso(), 1};
        if (k == "veille" && prev == "la") return EventDate{published.plus_days(-1).iso(), 1};
        if (k == "avant" && next == "hier") return EventDate{published.plus_days(-2).iso(), 1};
        if (k == "aujourd" || k == "today" || (k == "ce" && next == "matin") || k == "tonight")
            return EventDate{published.iso(), 1};
        int wd = weekday_of(k);
        if (wd >= 0) {
            // "mardi dernier" / "last Tuesday": strictly before the publication day.
            bool last = next == "dernier" || prev == "last";
            Date d = latest_weekday_on_or_before(last ? published.plus_days(-1) : published, wd);
            return EventDate{d.iso(), 1};
        }
        if ((k == "semaine" && (next == "derniere" || prev == "la")) || (k == "week" && prev == "last"))
            return EventDate{published.plus_days(-7).iso(), 2};
        if (k == "recemment" || k == "recently" || k == "derniers" || (k == "past" && next == "days"))
            return EventDate{published.iso(), 2};
        if (int m = month_of(k); m && (prev == "en" || prev == "in" || prev == "debut" || prev == "early" || prev == "late" || prev == "fin" || number(next) >= 1900)) {
            int y = number(next) >= 1900 ? number(next) : published.year - (m > published.month ? 1 : 0);
            return EventDate{Date{y, m, 1}.iso(), 3};
        }
    }
    return std::nullopt;
}

}  // namespace geoevent::event
