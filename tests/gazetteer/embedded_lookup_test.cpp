// The acceptance table, on the embedded default index with no overlay: every
// spelling must put the right GeoNames place first.
#include <catch2/catch.hpp>

#include "geoevent/gazetteer/index.hpp"
#include "test_config.hpp"

using namespace geoevent::gazetteer;

namespace {
const Index& embedded() {
    static const Index index = Index::open(geoevent::test::default_index);
    return index;
}
Candidate first(const std::string& name, LookupOptions o = {}) {
    auto c = embedded().lookup(name, o);
    if (c.empty()) FAIL("no candidate for " << name);
    return c.front();
}
}  // namespace

TEST_CASE("embedded index: every variant resolves to the right place", "[gazetteer][embedded]") {
    struct Row {
        const char* name;
        std::uint32_t geonameid;
    };
    auto row = GENERATE(values<Row>({
        {"Boukamal", 174448}, {"Abou Kamal", 174448}, {"Abu Kamal", 174448}, {"Al-Bukamal", 174448},
        {"Albu Kamal", 174448}, {"البوكمال", 174448}, {"أبو كمال", 174448},
        {"Deir Ezzor", 170794}, {"Deir ez-Zor", 170794}, {"Dayr az-Zawr", 170794}, {"Deir el-Zor", 170794},
        {"دير الزور", 170794},
        {"Rawa", 92004}, {"Rawah", 92004}, {"Rāwah", 92004}, {"راوة", 92004},
        {"al-Qaïm", 92138}, {"Al Qaim", 92138}, {"Al-Qa'im", 92138}, {"El Kaim", 92138}, {"القائم", 92138},
        {"Mossoul", 99072}, {"Mosul", 99072}, {"الموصل", 99072},
        {"Alep", 170063}, {"Aleppo", 170063}, {"Halab", 170063}, {"حلب", 170063},
        {"Raqqa", 172955}, {"Rakka", 172955}, {"Raqa", 172955}, {"الرقة", 172955},
        {"Kobané", 172256}, {"Kobani", 172256}, {"Ayn al-Arab", 172256},
        {"Falloujah", 99454}, {"Fallujah", 99454},
        {"Palmyre", 163808}, {"Palmyra", 163808}, {"Tadmur", 163808},
    }));
    INFO(row.name);
    auto c = first(row.name);
    CHECK(c.place.geonameid == row.geonameid);
}

TEST_CASE("embedded index: countries in French, English and Arabic", "[gazetteer][embedded]") {
    for (const char* name : {"Syrie", "Syria", "سوريا"}) {
        INFO(name);
        auto c = first(name);
        CHECK(c.place.geonameid == 163843);
        CHECK(c.place.is_country());
    }
    for (const char* name : {"Irak", "Iraq", "العراق"}) {
        INFO(name);
        CHECK(first(name).place.geonameid == 99237);
    }
}

TEST_CASE("embedded index: Palmyra in the US when asked, the governorate when ADM1 is expected",
          "[gazetteer][embedded]") {
    LookupOptions us;
    us.country = "US";
    auto c = first("Palmyra", us);
    CHECK(c.place.country == "US");
    CHECK(c.place.feature_class == 'P');

    LookupOptions adm1;
    adm1.expect = Expect::admin1;
    auto g = first("Deir Ezzor", adm1);
    CHECK(g.place.is_admin1());
    CHECK(g.place.country == "SY");
    CHECK(g.place.admin1 == "07");
}

TEST_CASE("embedded index: demonyms map to their country", "[gazetteer][embedded]") {
    LookupOptions o;
    o.expect = Expect::country;
    for (const char* d : {"syrien", "syrienne", "Syrian"}) CHECK(first(d, o).place.geonameid == 163843);
    for (const char* d : {"irakien", "Iraqi"}) CHECK(first(d, o).place.geonameid == 99237);
}
