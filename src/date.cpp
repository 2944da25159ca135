#include "geoevent/date.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace geoevent {

namespace {
// Howard Hinnant's days_from_civil / civil_from_days algorithms (public domain).
long days_from_civil(int y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

int days_in_month(int y, int m) noexcept {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}
}  // namespace

bool Date::valid() const noexcept {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

long Date::days() const noexcept {
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date Date::from_days(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long y = static_cast<long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp + (mp < 10 ? 3 : -9);
    return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int Date::weekday() const noexcept {
    long d = days();  // 1970-01-01 was a Thursday (3 when Monday is 0)
    return static_cast<int>(((d % 7) + 7 + 3) % 7);
}

Date Date::today_utc() {
    return from_days(static_cast<long>(std::time(nullptr) / 86400));
}

std::string Date::iso() const {
    // Every date the extractor writes goes through here (several per event): digits
    // written directly for the usual ranges, snprintf for anything else (negative or
    // five-digit years, out-of-range fields), so the text is the same either way.
    if (year >= 0 && year <= 9999 && month >= 0 && month <= 99 && day >= 0 && day <= 99) {
        std::string s(10, '-');
        s[0] = static_cast<char>('0' + year / 1000);
        s[1] = static_cast<char>('0' + year / 100 % 10);
        s[2] = static_cast<char>('0' + year / 10 % 10);
        s[3] = static_cast<char>('0' + year % 10);
        s[5] = static_cast<char>('0' + month / 10);
        s[6] = static_cast<char>('0' + month % 10);
        s[8] = static_cast<char>('0' + day / 10);
        s[9] = static_cast<char>('0' + day % 10);
        return s;
    }
    char buf[16];  // as before: out-of-range fields are cut to 15 characters
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::optional<Date> Date::parse_iso(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    Date d;
    auto num = [&](std::size_t at, std::size_t len, int& out) {
        auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + len, out);
        return ec == std::errc() && p == s.data() + at + len;
    };
    if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day) || !d.valid()) return std::nullopt;
    return d;
}

}  // namespace geoevent
