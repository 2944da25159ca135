#include "geoevent/event/dates.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

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

int month_of(std::string_view key) {
    if (key.size() < 3 || key.size() > 9 || key[0] < 'a' || key[0] > 's') return 0;
    static const std::unordered_map<std::string_view, int> months = [] {
        std::unordered_map<std::string_view, int> m;
        for (int i = 0; i < 12; ++i) m[months_fr[i]] = m[months_en[i]] = m[months_en_abbr[i]] = i + 1;
        m["sept"] = 9;
        return m;
    }();
    auto it = months.find(key);
    return it == months.end() ? 0 : it->second;
}

int weekday_of(std::string_view key) {
    if (key.size() < 5 || key.size() > 9) return -1;
    static const std::unordered_map<std::string_view, int> days = [] {
        std::unordered_map<std::string_view, int> m;
        for (int d = 0; d < 7; ++d) m[weekdays_fr[d]] = m[weekdays_en[d]] = d;
        return m;
    }();
    auto it = days.find(key);
    return it == days.end() ? -1 : it->second;
}

int number(std::string_view key) {
    if (key.empty() || key.size() > 4) return -1;
    int v = 0;
    for (char c : key) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

// "9 novembre 2017", "novembre 9, 2017", "Nov. 9, 2017", "1er mars 2015", and ISO dates.
std::optional<Date> absolute_at(std::span<const Word> w, std::size_t i) {
    auto at = [&](std::size_t k) -> std::string_view { return k < w.size() ? w[k].key : std::string_view(); };
    const std::string_view first = at(i);
    // Quick rejection: a date starts with a number or a month name.
    if (first.empty() || ((first[0] < '0' || first[0] > '9') && !month_of(first))) return std::nullopt;
    int d = number(first), m = 0, y = 0;
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
    thread_local detail::TextSplitter splitter;  // keeps its buffers and fold cache
    return detail::first_full_date(splitter.words(text.substr(0, std::min(cut, text.size()))), 300);
}

namespace detail {

std::optional<Date> first_full_date(std::span<const Word> words, std::size_t limit) {
    auto digit = [&](std::size_t k) { return k < words.size() && words[k].key[0] >= '0' && words[k].key[0] <= '9'; };
    for (std::size_t i = 0; i < words.size() && words[i].start < limit; ++i)
        if (digit(i) || digit(i + 1))  // every full date has a number here or next
            if (auto d = absolute_at(words, i); d && d->valid()) return d;
    return std::nullopt;
}

}  // namespace detail

std::optional<EventDate> resolve_sentence_date(std::string_view sentence, const Date& published) {
    thread_local detail::TextSplitter splitter;  // keeps its buffers and fold cache
    const auto w = splitter.words(sentence);
    auto hits = detail::find_dates(w, 0, w.size(), published);
    for (auto& h : hits)
        if (h.absolute) return h.date;
    if (!hits.empty()) return hits.front().date;
    return std::nullopt;
}

namespace detail {

std::vector<DateHit> find_dates(std::span<const Word> w, std::size_t from, std::size_t to, const Date& published) {
    std::vector<DateHit> out;
    to = std::min(to, w.size());
    auto key = [&](std::size_t k) -> std::string_view {
        return k < w.size() && k >= from && k < to ? w[k].key : std::string_view();
    };
    auto month_start = [](int y, int m) { return EventDate{Date{y, m, 1}.iso(), 3}; };
    // The words a date expression can hinge on; anything else is skipped with one probe.
    static const std::unordered_set<std::string_view> cues = [] {
        std::unordered_set<std::string_view> c = {"hier", "yesterday", "veille", "avant", "aujourd", "today", "ce",
                                                  "tonight", "semaine", "week", "mois", "month", "recemment",
                                                  "recently", "derniers", "past", "jours", "days", "sept", "1er"};
        for (int i = 0; i < 12; ++i) c.insert(months_fr[i]), c.insert(months_en[i]), c.insert(months_en_abbr[i]);
        for (int d = 0; d < 7; ++d) c.insert(weekdays_fr[d]), c.insert(weekdays_en[d]);
        return c;
    }();
    // Per first byte, the lengths (bit n = n bytes) of the cues starting with it: almost
    // every word of text fails this test, which costs less than hashing it for the probe.
    static const std::array<std::uint32_t, 256> cue_lengths = [] {
        std::array<std::uint32_t, 256> l{};
        for (std::string_view c : cues) l[static_cast<unsigned char>(c[0])] |= std::uint32_t{1} << c.size();
        return l;
    }();
    auto may_be_cue = [&](std::string_view key) {
        return key.size() < 32 && ((cue_lengths[static_cast<unsigned char>(key[0])] >> key.size()) & 1) &&
               cues.count(key);
    };
    for (std::size_t i = from; i < to; ++i) {
        const std::string_view key0 = w[i].key;
        if ((key0[0] < '0' || key0[0] > '9') && !may_be_cue(key0)) continue;
        if (auto d = absolute_at(w, i); d && d->valid() && *d <= published) {
            out.push_back({EventDate{d->iso(), 1}, i, true});
            i += 2;
            continue;
        }
        const std::string_view k = w[i].key;
        const std::string_view next = key(i + 1);
        const std::string_view prev = i > from ? key(i - 1) : key(w.size());
        const std::string_view prev2 = i > from + 1 ? key(i - 2) : key(w.size());
        auto add = [&](EventDate d) { out.push_back({std::move(d), i, false}); };
        if (k == "hier" || k == "yesterday") add({published.plus_days(-1).iso(), 1});
        else if (k == "veille" && prev == "la") add({published.plus_days(-1).iso(), 1});
        else if (k == "avant" && next == "hier") add({published.plus_days(-2).iso(), 1}), ++i;
        else if (k == "aujourd" || k == "today" || (k == "ce" && next == "matin") || k == "tonight")
            add({published.iso(), 1});
        else if (int wd = weekday_of(k); wd >= 0) {
            // "mardi dernier" / "last Tuesday": strictly before the publication day.
            bool last = next == "dernier" || prev == "last";
            add({latest_weekday_on_or_before(last ? published.plus_days(-1) : published, wd).iso(), 1});
        } else if ((k == "semaine" && (next == "derniere" || (prev == "la" && prev2 != "de"))) ||
                   (k == "week" && prev == "last")) {
            add({published.plus_days(-7).iso(), 2});
        } else if ((k == "mois" && next == "dernier") || (k == "month" && prev == "last")) {
            int y = published.month == 1 ? published.year - 1 : published.year;
            add(month_start(y, published.month == 1 ? 12 : published.month - 1));
        } else if ((k == "month" && prev == "this" && (prev2 == "earlier" || prev2 == "early")) ||
                   (k == "mois" && next == "ci" && prev == "ce")) {
            add(month_start(published.year, published.month));
        } else if (k == "recemment" || k == "recently" || (k == "derniers" && (next == "jours" || prev == "jours")) ||
                   (k == "past" && next == "days") || (k == "jours" && prev == "plusieurs" && prev2 == "depuis") ||
                   (k == "days" && prev == "for")) {
            add({published.iso(), 2});
        } else if (int m = month_of(k); m && (k != "may" || prev == "in" || number(next) >= 1)) {
            // "Aug. 20", "20 août" without a year: the latest such day on or before publication.
            int d = number(next) >= 1 && number(next) <= 31 && number(key(i + 2)) < 1900 ? number(next)
                    : number(prev) >= 1 && number(prev) <= 31 ? number(prev) : 0;
            if (prev == "1er") d = 1;
            int y = number(next) >= 1900 ? number(next) : number(key(i + 2)) >= 1900 ? number(key(i + 2)) : 0;
            bool month_cue = prev == "en" || prev == "in" || prev == "debut" || prev == "early" || prev == "late" ||
                             prev == "fin" || prev == "depuis" || prev == "since" || prev == "mid" || prev == "mi" ||
                             prev == "de" || prev == "d" || prev == "until" || prev == "jusqu" || y;
            if (d && !y) {
                int yy = published.year;
                Date c{yy, m, d};
                if (c.valid() && published < c) c = Date{yy - 1, m, d};
                if (c.valid()) add({c.iso(), 1});
            } else if (month_cue) {
                if (!y) y = published.year - (m > published.month ? 1 : 0);
                add(month_start(y, m));
            }
        }
    }
    return out;
}

}  // namespace detail

}  // namespace geoevent::event
