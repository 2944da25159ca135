#pragma once
// Proleptic Gregorian calendar dates without time zones: what GeoNames file names, news
// datelines and ACLED event dates need.
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace geoevent {

struct Date {
    int year = 0;
    int month = 0;  // 1-12
    int day = 0;    // 1-31

    // "YYYY-MM-DD"; nullopt when malformed or not a real day (2017-02-30).
    static std::optional<Date> parse_iso(std::string_view text);
    static Date from_days(long days);  // days since 1970-01-01
    static Date today_utc();

    long days() const noexcept;        // days since 1970-01-01
    int weekday() const noexcept;      // 0 = Monday … 6 = Sunday
    Date plus_days(long n) const noexcept { return from_days(days() + n); }
    std::string iso() const;           // "YYYY-MM-DD"
    bool valid() const noexcept;

    friend auto operator<=>(const Date&, const Date&) = default;
};

}  // namespace geoevent
