#pragma once
// Rows of the GeoNames dump formats, as the readers return them. Plain values: the index
// builder turns them into the compact memory-mapped form.
#include <cstdint>
#include <string>
#include <vector>

namespace geoevent::gazetteer {

// One row of allCountries.txt / cities500.txt / XX.txt (19 tab-separated columns).
struct PlaceRecord {
    std::uint32_t geonameid = 0;
    std::string name;
    std::string ascii_name;
    std::vector<std::string> alternate_names;
    double latitude = 0;
    double longitude = 0;
    char feature_class = 0;
    std::string feature_code;
    std::string country;  // ISO 3166-1 alpha-2
    std::string admin1;
    std::string admin2;
    std::int64_t population = 0;
    std::string timezone;
    std::string modified;  // YYYY-MM-DD
};

// One row of alternateNamesV2.txt (or alternateNamesModifications-YYYY-MM-DD.txt).
struct AlternateNameRecord {
    std::uint32_t alternate_name_id = 0;
    std::uint32_t geonameid = 0;
    std::string language;  // ISO 639 code, or a pseudo-language such as "link", "iata"
    std::string name;
    bool preferred = false;
    bool short_name = false;
    bool colloquial = false;
    bool historic = false;
    std::string from;
    std::string to;
};

// One row of admin1CodesASCII.txt or admin2Codes.txt: "SY.07", name, ascii name, id.
struct AdminCodeRecord {
    std::string code;  // "SY.07" (admin1) or "SY.07.1234" (admin2)
    std::string name;
    std::string ascii_name;
    std::uint32_t geonameid = 0;
};

// One row of countryInfo.txt (the columns geoevent uses).
struct CountryRecord {
    std::string iso2;
    std::string iso3;
    std::string name;
    std::string capital;
    std::int64_t population = 0;
    std::string continent;
    std::uint32_t geonameid = 0;
};

// A line of deletes-YYYY-MM-DD.txt or alternateNamesDeletes-YYYY-MM-DD.txt.
struct DeleteRecord {
    std::uint32_t id = 0;  // geonameid, or alternateNameId
    std::uint32_t geonameid = 0;  // for alternate-name deletes; else same as id
    std::string name;
    std::string comment;
};

// Pseudo-languages of alternateNamesV2 that are identifiers or links, not names a text
// would contain: kept out of name matching.
bool is_pseudo_language(const std::string& language);

}  // namespace geoevent::gazetteer
