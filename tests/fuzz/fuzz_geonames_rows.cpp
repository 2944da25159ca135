// libFuzzer target: every GeoNames row parser on arbitrary bytes (one line each).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "geoevent/gazetteer/geonames_reader.hpp"

using namespace geoevent::gazetteer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view line(reinterpret_cast<const char*>(data), size);
    PlaceRecord p;
    AlternateNameRecord a;
    AdminCodeRecord ad;
    CountryRecord c;
    DeleteRecord d;
    parse_place(line, p);
    parse_alternate_name(line, a);
    parse_admin_code(line, ad);
    parse_country(line, c);
    parse_delete(line, d);
    return 0;
}
