#include "output/field_values.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include <ogr_feature.h>

namespace geoevent::output::detail {

OGRFieldType ogr_field_type(FieldType type) noexcept {
    switch (type) {
    case FieldType::string: return OFTString;
    case FieldType::integer: return OFTInteger;
    case FieldType::integer64: return OFTInteger64;
    case FieldType::real: return OFTReal;
    case FieldType::date: return OFTDate;
    case FieldType::date_time: return OFTDateTime;
    }
    return OFTString;
}

namespace {

bool valid_date(const Date& d) {
    using namespace std::chrono;
    return d.year >= 1 && d.year <= 9999 &&
           year_month_day(year(d.year), month(static_cast<unsigned>(d.month)),
                          day(static_cast<unsigned>(d.day)))
               .ok();
}

bool valid_time(const DateTime& t) {
    return t.hour >= 0 && t.hour < 24 && t.minute >= 0 && t.minute < 60 && t.second >= 0 &&
           t.second <= 60;  // 60: a leap second is a real UTC time
}

std::string date_text(const Date& d) {
    return std::to_string(d.year) + "-" + std::to_string(d.month) + "-" + std::to_string(d.day);
}

struct Checker {
    FieldType type;
    std::string operator()(std::monostate) const { return {}; }
    std::string operator()(const std::string&) const {
        return type == FieldType::string ? "" : "a string";
    }
    std::string operator()(std::int64_t v) const {
        if (type == FieldType::integer64 || type == FieldType::real) return {};
        if (type == FieldType::integer) {
            bool fits = v >= std::numeric_limits<std::int32_t>::min() &&
                        v <= std::numeric_limits<std::int32_t>::max();
            return fits ? "" : "the 64-bit integer " + std::to_string(v) +
                                   " (declare the field integer64)";
        }
        return "an integer";
    }
    std::string operator()(double v) const {
        if (type != FieldType::real) return "a real number";
        // GeoJSON and CSV would write NaN/inf that other readers reject.
        return std::isfinite(v) ? "" : "a non-finite real number";
    }
    std::string operator()(const Date& d) const {
        if (type != FieldType::date) return "a date";
        return valid_date(d) ? "" : "the invalid date " + date_text(d);
    }
    std::string operator()(const DateTime& t) const {
        if (type != FieldType::date_time) return "a date-time";
        return valid_date(t.date) && valid_time(t) ? "" : "an invalid date-time on " +
                                                              date_text(t.date);
    }
};

struct Fits {
    FieldType type;
    bool operator()(std::monostate) const noexcept { return true; }
    bool operator()(const std::string&) const noexcept { return type == FieldType::string; }
    bool operator()(std::int64_t v) const noexcept {
        if (type == FieldType::integer64 || type == FieldType::real) return true;
        return type == FieldType::integer && v >= std::numeric_limits<std::int32_t>::min() &&
               v <= std::numeric_limits<std::int32_t>::max();
    }
    bool operator()(double v) const noexcept { return type == FieldType::real && std::isfinite(v); }
    bool operator()(const Date& d) const noexcept { return type == FieldType::date && valid_date(d); }
    bool operator()(const DateTime& t) const noexcept {
        return type == FieldType::date_time && valid_date(t.date) && valid_time(t);
    }
};

}  // namespace

bool value_fits(const Value& value, FieldType type) noexcept { return std::visit(Fits{type}, value); }

std::string value_mismatch(const Value& value, FieldType type) {
    return std::visit(Checker{type}, value);
}

std::string iso8601(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string iso8601(const DateTime& t) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", t.hour, t.minute, t.second);
    return iso8601(t.date) + buf;
}

void set_field(OGRFeature& feature, int index, const Value& value) {
    // A date in a text field (a format without dates) is written as ISO 8601, not in
    // OGR's "2024/03/05" text form.
    bool text = feature.GetFieldDefnRef(index)->GetType() == OFTString;
    struct Setter {
        OGRFeature& f;
        int i;
        bool text;
        void operator()(std::monostate) const { f.SetFieldNull(i); }
        void operator()(const std::string& s) const { f.SetField(i, s.c_str()); }
        void operator()(std::int64_t v) const { f.SetField(i, static_cast<GIntBig>(v)); }
        void operator()(double v) const { f.SetField(i, v); }
        void operator()(const Date& d) const {
            if (text) f.SetField(i, iso8601(d).c_str());
            else f.SetField(i, d.year, d.month, d.day);
        }
        void operator()(const DateTime& t) const {
            constexpr int utc = 100;  // OGR's time zone flag for UTC
            if (text) f.SetField(i, iso8601(t).c_str());
            else f.SetField(i, t.date.year, t.date.month, t.date.day, t.hour, t.minute,
                            static_cast<float>(t.second), utc);
        }
    };
    std::visit(Setter{feature, index, text}, value);
}

std::string id_key(const Value& value) {
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
    return {};
}

}  // namespace geoevent::output::detail
