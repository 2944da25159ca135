#pragma once
// Feature values on their way into OGR fields.
#include <string>

#include <ogr_core.h>

#include "geoevent/output/feature.hpp"
#include "geoevent/output/schema.hpp"

class OGRFeature;

namespace geoevent::output::detail {

OGRFieldType ogr_field_type(FieldType type) noexcept;

// Empty when `value` fits a field of `type` without loss; otherwise why not. A string
// "2024-03-05" in a date field is refused too: the caller knows the date, OGR would guess.
std::string value_mismatch(const Value& value, FieldType type);

// value_mismatch(value, type).empty() without building a message: the check per value
// of every feature.
bool value_fits(const Value& value, FieldType type) noexcept;

// Sets OGR field `index` from a value value_mismatch() accepted.
void set_field(OGRFeature& feature, int index, const Value& value);

std::string iso8601(const Date& date);          // 2024-03-05
std::string iso8601(const DateTime& date_time);  // 2024-03-05T10:20:30Z

// How a unique_field value is remembered; equal to OGR's GetFieldAsString() for the same
// value read back from a string or integer field, so old and new ids compare.
std::string id_key(const Value& value);

}  // namespace geoevent::output::detail
