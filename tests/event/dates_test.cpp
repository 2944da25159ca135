#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "geoevent/event/dates.hpp"

using namespace geoevent;
using namespace geoevent::event;

TEST_CASE("datelines in French and English", "[event]") {
    CHECK(find_dateline("BEYROUTH, jeudi 9 novembre 2017 - Les forces")->iso() == "2017-11-09");
    CHECK(find_dateline("BAGHDAD, Nov. 9, 2017 - Iraqi forces")->iso() == "2017-11-09");
    CHECK(find_dateline("MOSSOUL, 1er mars 2015 (AFP)")->iso() == "2015-03-01");
    CHECK_FALSE(find_dateline("No date in this text at all."));
    CHECK_FALSE(find_dateline("le 31 février 2017"));  // not a real day
}

TEST_CASE("relative dates resolve against the publication date", "[event]") {
    const Date thursday{2017, 11, 9};
    struct Row {
        const char* sentence;
        const char* iso;
        int precision;
    };
    auto row = GENERATE(values<Row>({
        {"Les forces ont repris jeudi la ville.", "2017-11-09", 1},
        {"La ville avait été encerclée mercredi.", "2017-11-08", 1},
        {"The town fell on Sunday.", "2017-11-05", 1},
        {"Ils ont attaqué hier.", "2017-11-08", 1},
        {"They attacked yesterday.", "2017-11-08", 1},
        {"La veille, les combats avaient repris.", "2017-11-08", 1},
        {"Ils s'en étaient emparés jeudi dernier.", "2017-11-02", 1},
        {"It was retaken last week.", "2017-11-02", 2},
        {"Le poste a été récemment repris.", "2017-11-09", 2},
        {"The town was recently recaptured.", "2017-11-09", 2},
        {"La ville était tombée le 3 novembre 2017.", "2017-11-03", 1},
        {"The city fell in June.", "2017-06-01", 3},
        {"The army retook the town last month.", "2017-10-01", 3},
        {"The offensive was launched on Aug. 20.", "2017-08-20", 1},
        {"Les soldats sont encerclés depuis plusieurs jours.", "2017-11-09", 2},
        {"Encerclée depuis juin, la ville a fini par tomber.", "2017-06-01", 3},
        {"The militants took it earlier this month.", "2017-11-01", 3},
        {"Le bourg est tombé à la mi-octobre.", "2017-10-01", 3},
    }));
    INFO(row.sentence);
    auto d = resolve_sentence_date(row.sentence, thursday);
    REQUIRE(d);
    CHECK(d->iso == row.iso);
    CHECK(d->precision == row.precision);
    CHECK_FALSE(resolve_sentence_date("Les combats se poursuivent.", thursday));
    CHECK_FALSE(resolve_sentence_date("The rebels may withdraw.", thursday));  // "may" is not May
}

TEST_CASE("calendar arithmetic", "[event]") {
    CHECK(Date{2017, 11, 9}.weekday() == 3);  // Thursday
    CHECK(Date{2016, 2, 28}.plus_days(1).iso() == "2016-02-29");
    CHECK(Date::from_days(Date{2000, 3, 1}.days()).iso() == "2000-03-01");
    CHECK_FALSE(Date::parse_iso("2017-13-01"));
    CHECK(Date::parse_iso("2017-11-09")->day == 9);
}

TEST_CASE("Date::iso writes what \"%04d-%02d-%02d\" writes, in range and out of it", "[event]") {
    auto printf_iso = [](const Date& d) {
        char buf[16];  // Date::iso's buffer: absurd fields are cut alike
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
        return std::string(buf);
    };
    // Every day from 0001-01-01 to 9999-12-31 in steps of 37 days (all months and days,
    // years of 1 to 4 digits), then fields outside the usual ranges (the fallback path).
    for (long z = Date{1, 1, 1}.days(); z <= Date{9999, 12, 31}.days(); z += 37) {
        const Date d = Date::from_days(z);
        REQUIRE(d.iso() == printf_iso(d));
    }
    for (const Date& d : {Date{0, 0, 0}, Date{9999, 99, 99}, Date{10000, 1, 1}, Date{-1, 1, 1}, Date{2017, -3, 5},
                          Date{2017, 100, 1}, Date{2017, 1, 100}, Date{-2147483647 - 1, -2147483647 - 1, 0}, Date{7, 8, 9}})
        CHECK(d.iso() == printf_iso(d));
}
