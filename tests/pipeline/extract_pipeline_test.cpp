// The parallel extraction stage: the same events in the same order whatever the number of
// threads and batch sizes, shards that partition the corpus, and --resume's skip set.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "geoevent/event/extractor.hpp"
#include "geoevent/event/lexicon.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/io/inputs.hpp"
#include "geoevent/pipeline/extract_pipeline.hpp"
#include "geoevent/toponym/lexicon.hpp"
#include "test_config.hpp"

using namespace geoevent;

namespace {

struct Fixture {
    gazetteer::Index index = gazetteer::Index::open(test::default_index);
    toponym::Lexicon tlex = toponym::Lexicon::load(std::string(test::source_dir) + "/lexicon");
    event::EventLexicon elex = event::EventLexicon::load(std::string(test::source_dir) + "/lexicon");
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

// 60 articles: varied places, actors, languages, and some that say nothing.
std::string corpus_file() {
    static const std::string path = [] {
        auto p = std::filesystem::temp_directory_path() / ("geoevent-pipeline-" + std::to_string(::getpid()) + ".jsonl");
        std::ofstream out(p);
        const char* places[] = {"Palmyra", "Mosul", "Raqqa", "Manbij", "Tikrit", "Boukamal"};
        const char* en[] = {"Syrian government forces captured {P} from Islamic State on Thursday.",
                            "{P} fell to Iraqi government forces on Monday.",
                            "Islamic State still controls {P}, residents said.",
                            "Officials met in a hotel to discuss aid."};
        for (int i = 0; i < 60; ++i) {
            std::string text = en[i % 4];
            auto at = text.find("{P}");
            if (at != std::string::npos) text.replace(at, 3, places[i % 6]);
            out << R"({"id": "a)" << i << R"(", "lang": "en", "date": "2017-11-)" << 10 + i % 5 << R"(", "text": ")"
                << text << "\"}\n";
        }
        return p.string();
    }();
    return path;
}

std::vector<std::string> run(pipeline::ExtractOptions options, pipeline::ExtractStats* stats = nullptr) {
    auto& f = fixture();
    pipeline::ExtractPipeline p(f.index, f.tlex, f.elex, options);
    io::InputWalker inputs({corpus_file()});
    std::vector<std::string> out;
    auto s = p.run(inputs, [&](std::uint64_t article, std::vector<event::Event>&& events) {
        out.push_back("| " + std::to_string(article));  // article boundary: each article's events stay together
        for (auto& e : events)
            out.push_back(e.source_id + " " + to_string(e.event_class) + " " + std::to_string(e.geonameid) + " " +
                          e.date.iso + " " + e.actor1 + " " + e.actor2);
    }, {});
    if (stats) *stats = s;
    return out;
}

}  // namespace

TEST_CASE("events come out in input order whatever the threads and batches", "[pipeline]") {
    pipeline::ExtractOptions one;
    one.threads = 1;
    auto expected = run(one);
    REQUIRE(expected.size() >= 60 + 40);  // 60 article boundaries and the events of 40 articles
    for (unsigned threads : {2u, 3u})
        for (std::size_t batch : {1u, 7u, 512u}) {
            pipeline::ExtractOptions o;
            o.threads = threads;
            o.batch_articles = batch;
            INFO(threads << " threads, batches of " << batch);
            CHECK(run(o) == expected);
        }
}

TEST_CASE("shards partition the articles and are counted as skipped", "[pipeline]") {
    pipeline::ExtractOptions all;
    all.threads = 2;
    pipeline::ExtractStats whole;
    auto expected = run(all, &whole);
    CHECK(whole.processed == 60);
    std::uint64_t processed = 0, events = 0;
    for (std::uint32_t k = 0; k < 3; ++k) {
        pipeline::ExtractOptions o = all;
        o.shard = {k, 3};
        pipeline::ExtractStats s;
        run(o, &s);
        CHECK(s.articles == 60);
        CHECK(s.processed + s.other_shard == 60);
        CHECK(s.processed > 5);
        processed += s.processed;
        events += s.events;
    }
    CHECK(processed == 60);
    CHECK(events == whole.events);
}

TEST_CASE("articles in the skip set are not processed", "[pipeline]") {
    std::unordered_set<std::string> done{"a0", "a1", "a2", "nonexistent"};
    pipeline::ExtractOptions o;
    o.threads = 2;
    o.skip_ids = &done;
    pipeline::ExtractStats s;
    auto out = run(o, &s);
    CHECK(s.already_done == 3);
    CHECK(s.processed == 57);
    for (auto& line : out) CHECK(line.rfind("a0 ", 0) != 0);
}
