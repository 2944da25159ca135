// The streaming merger must give exactly what event::merge_events gives on all events at
// once: same survivors, same fields, same order. Random event sets with few places, close
// dates, undated events and every class make merges, chains and ties common.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>

#include "geoevent/error.hpp"
#include "geoevent/event/extractor.hpp"
#include "geoevent/pipeline/event_merger.hpp"
#include "pipeline/event_spill.hpp"

using namespace geoevent;

namespace {

std::string scratch_path() {
    return (std::filesystem::temp_directory_path() /
            ("geoevent-spill-test-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}())))
        .string();
}

std::string dump(const event::Event& e) {
    std::ostringstream s;
    s << to_string(e.event_class) << '|' << e.date.iso << '/' << e.date.precision << '|' << e.geonameid << '|'
      << e.actor1 << '|' << e.actor2 << '|' << e.confidence << '|' << e.source_id << '|' << e.location << '|'
      << e.latitude << ',' << e.longitude << '|';
    for (auto& a : e.assoc_actor_1) s << a << ';';
    s << '|';
    for (auto& n : e.notes) s << n << ';';
    return s.str();
}

std::vector<event::Event> random_events(std::uint32_t seed, std::size_t n) {
    std::mt19937 rng(seed);
    auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
    const char* actors[] = {"", "A", "B", "C"};
    std::vector<event::Event> out;
    for (std::size_t i = 0; i < n; ++i) {
        event::Event e;
        e.event_class = static_cast<event::EventClass>(pick(5));
        e.geonameid = static_cast<std::uint32_t>(100 + pick(12));
        // One place in twelve has undated events; elsewhere dates chain and break.
        if (!(e.geonameid == 100 && pick(3) == 0)) {
            e.date.iso = Date::from_days(17000 + pick(60)).iso();
            e.date.precision = 1 + pick(3);
        }
        e.actor1 = actors[pick(4)];
        e.actor2 = actors[pick(4)];
        if (pick(4) == 0) e.assoc_actor_1.push_back(actors[1 + pick(3)]);
        e.notes = {"sentence " + std::to_string(pick(40))};
        e.confidence = pick(100) / 100.0;
        e.source_id = "doc" + std::to_string(i / 3);
        e.location = "place " + std::to_string(e.geonameid);
        e.latitude = e.geonameid / 10.0;
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<std::string> streamed(const std::vector<event::Event>& events, std::size_t partitions,
                                  unsigned threads = 1) {
    pipeline::MergerOptions options;
    options.partitions = partitions;
    options.threads = threads;
    options.buffer_bytes = 512;  // tiny buffers: records straddle refills
    pipeline::EventMerger merger(options);
    std::uint64_t seq = 0;
    for (auto& e : events) merger.add(e, seq += 1 + (seq % 3));  // gaps, as other shards' articles leave
    std::vector<std::string> out;
    merger.finish([&](event::Event&& e) { out.push_back(dump(e)); });
    return out;
}

}  // namespace

TEST_CASE("streaming merge equals merge_events on everything at once", "[pipeline]") {
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
        auto events = random_events(seed, 30 + seed * 7);
        std::vector<std::string> expected;
        for (auto& e : event::merge_events(events)) expected.push_back(dump(e));
        INFO("seed " << seed);
        REQUIRE(expected.size() < events.size());  // the data does merge
        CHECK(streamed(events, 1) == expected);
        CHECK(streamed(events, 5) == expected);
        CHECK(streamed(events, 256) == expected);
        // Partitions merged on several threads: the same stream.
        CHECK(streamed(events, 5, 2) == expected);
        CHECK(streamed(events, 256, 3) == expected);
    }
}

TEST_CASE("events far apart in time at one place are merged separately but ordered globally", "[pipeline]") {
    std::vector<event::Event> events;
    for (int k = 0; k < 3; ++k)
        for (int d : {0, 3, 40, 44}) {
            event::Event e;
            e.geonameid = 7;
            e.actor1 = "A";
            e.date = {Date::from_days(17000 + d).iso(), 1};
            e.notes = {"n" + std::to_string(k) + "-" + std::to_string(d)};
            events.push_back(e);
        }
    auto out = streamed(events, 3);
    std::vector<std::string> expected;
    for (auto& e : event::merge_events(events)) expected.push_back(dump(e));
    CHECK(out == expected);
    CHECK(out.size() == 2);  // days 0+3 and 40+44
}

TEST_CASE("a spilled event reads back with every field", "[pipeline]") {
    auto path = scratch_path();
    event::Event e = random_events(3, 1)[0];
    e.event_id = "abc";
    e.event_type = "Battles";
    e.sub_event_type = "Armed clash";
    e.inter1 = 1;
    e.inter2 = 2;
    e.assoc_actor_2 = {"X", "Y"};
    e.country = "SY";
    e.admin1 = "Homs";
    e.longitude = -12.5;
    e.geo_precision = 2;
    e.source_url = "http://x";
    e.source = "title";
    e.lang = "fr";
    {
        pipeline::detail::SpillWriter w(path, 64);
        w.write(42, e);
        w.write(43, event::Event{});
        w.close();
    }
    pipeline::detail::SpillReader r(path, 64);
    pipeline::detail::SpilledEvent got;
    REQUIRE(r.next(got));
    CHECK(got.seq == 42);
    CHECK(dump(got.event) == dump(e));
    CHECK(got.event.event_id == "abc");
    CHECK(got.event.sub_event_type == "Armed clash");
    CHECK(got.event.inter2 == 2);
    CHECK(got.event.assoc_actor_2 == e.assoc_actor_2);
    CHECK(got.event.country == "SY");
    CHECK(got.event.admin1 == "Homs");
    CHECK(got.event.geo_precision == 2);
    CHECK(got.event.source_url == "http://x");
    CHECK(got.event.lang == "fr");
    REQUIRE(r.next(got));
    CHECK(got.seq == 43);
    CHECK_FALSE(r.next(got));
    std::remove(path.c_str());
}

TEST_CASE("a truncated spill file is an error, not a short result", "[pipeline]") {
    auto path = scratch_path();
    {
        pipeline::detail::SpillWriter w(path, 64);
        w.write(1, random_events(4, 1)[0]);
        w.close();
    }
    std::FILE* f = std::fopen(path.c_str(), "r+b");
    REQUIRE(f);
    std::fseek(f, 0, SEEK_END);
    long size = std::ftell(f);
    std::fclose(f);
    REQUIRE(::truncate(path.c_str(), size - 5) == 0);
    pipeline::detail::SpillReader r(path, 64);
    pipeline::detail::SpilledEvent got;
    CHECK_THROWS_WITH(r.next(got), Catch::Contains("truncated"));
    std::remove(path.c_str());
}

TEST_CASE("events out of input order are refused", "[pipeline]") {
    pipeline::EventMerger merger;
    auto e = random_events(5, 1)[0];
    merger.add(e, pipeline::event_seq(3, 0));
    merger.add(e, pipeline::event_seq(3, 1));
    CHECK_THROWS_AS(merger.add(e, pipeline::event_seq(2, 5)), UsageError);
    CHECK_THROWS_AS(merger.add(e, pipeline::event_seq(3, 1)), UsageError);
}

TEST_CASE("the merger's temporary files never appear in the directory, so a killed run leaves none", "[pipeline]") {
    auto dir = std::filesystem::path(scratch_path());
    std::filesystem::create_directories(dir);
    {
        pipeline::MergerOptions options;
        options.tmp_dir = dir.string();
        options.partitions = 8;
        pipeline::EventMerger merger(options);
        auto events = random_events(9, 200);
        for (std::size_t i = 0; i < events.size(); ++i) merger.add(events[i], i + 1);
        CHECK(std::filesystem::is_empty(dir));  // open, written, and already unlinked
        std::size_t n = 0;
        merger.finish([&](event::Event&&) {
            ++n;
            if (n == 1) CHECK(std::filesystem::is_empty(dir));
        });
        CHECK(n == event::merge_events(events).size());
    }
    CHECK(std::filesystem::is_empty(dir));
    std::filesystem::remove_all(dir);
}

TEST_CASE("a temporary directory that cannot be written is an error with a hint", "[pipeline]") {
    pipeline::MergerOptions options;
    options.tmp_dir = "/nonexistent/geoevent-tmp";
    pipeline::EventMerger merger(options);
    try {
        merger.add(random_events(1, 1)[0], 1);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("/nonexistent/geoevent-tmp") != std::string::npos);
        CHECK(e.hint().find("--tmp-dir") != std::string::npos);
    }
}
