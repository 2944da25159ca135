// geoevent extract at scale, in-process: threads, shards, resume, the two-step scale-out
// (partial files, then --merge) and the option combinations it refuses.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli_runner.hpp"
#include "cli/extract_progress.hpp"
#include "test_config.hpp"

using geoevent::test::run_cli;
namespace fs = std::filesystem;

namespace {

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("geoevent-extract-scale-" + std::to_string(::getpid()));
    Scratch() {
        fs::remove_all(dir);
        fs::create_directories(dir);
        // 90 articles; stories at the same place a few days apart, so articles merge.
        std::ofstream out(dir / "news.jsonl");
        const char* places[] = {"Palmyra", "Mosul", "Raqqa", "Manbij", "Tikrit"};
        const char* lines[] = {"Syrian government forces captured {P} from Islamic State on Thursday.",
                               "{P} fell to Syrian government forces on Thursday.",
                               "Islamic State still controls {P}, residents said.",
                               "Officials met to discuss aid deliveries."};
        for (int i = 0; i < 90; ++i) {
            std::string text = lines[i % 4];
            if (auto at = text.find("{P}"); at != std::string::npos) text.replace(at, 3, places[(i / 2) % 5]);
            out << R"({"id": "n)" << i << R"(", "lang": "en", "date": "2017-11-)" << 10 + (i / 10) % 3
                << R"(", "text": ")" << text << "\"}\n";
        }
    }
    ~Scratch() { fs::remove_all(dir); }
    std::string operator()(const std::string& name) const { return (dir / name).string(); }
};

std::vector<std::string> base(const Scratch& s) {
    return {"extract", "--gazetteer", geoevent::test::default_index, "--lexicon-dir",
            std::string(geoevent::test::source_dir) + "/lexicon", "--tmp-dir", s.dir.string()};
}

std::vector<std::string> with(std::vector<std::string> args, std::initializer_list<std::string> more) {
    args.insert(args.end(), more);
    return args;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("extract: --threads changes nothing in the output, and the summary says what was done", "[cli]") {
    Scratch s;
    auto one = run_cli(with(base(s), {s("news.jsonl"), "--threads", "1", "-o", s("one.geojson")}));
    REQUIRE(one.code == 0);
    auto three = run_cli(with(base(s), {s("news.jsonl"), "--threads", "3", "-o", s("three.geojson")}));
    REQUIRE(three.code == 0);
    CHECK(slurp(s("one.geojson")) == slurp(s("three.geojson")));
    CHECK(slurp(s("one.geojson")).find("\"Feature\"") != std::string::npos);
    CHECK(one.err.find("90 documents read (1 files), 90 processed, 0 skipped") != std::string::npos);
    CHECK(one.err.find(" mentions, ") != std::string::npos);
    CHECK(one.err.find('\r') == std::string::npos);  // not a terminal: no progress line
    auto forced = run_cli(with(base(s), {s("news.jsonl"), "--progress", "-o", s("p.geojson")}));
    CHECK(forced.err.find('\r') != std::string::npos);
}

TEST_CASE("extract: partial files of every shard, merged, equal one run over everything", "[cli]") {
    Scratch s;
    REQUIRE(run_cli(with(base(s), {s("news.jsonl"), "-o", s("single.geojson")})).code == 0);
    for (const char* shard : {"0/3", "1/3", "2/3"}) {
        auto r = run_cli(with(base(s), {s("news.jsonl"), "--shard", shard, "--partial-out", s("parts")}));
        REQUIRE(r.code == 0);
        CHECK(r.err.find("in other shards") != std::string::npos);
    }
    auto merged = run_cli(with(base(s), {"--merge", s("parts"), "-o", s("merged.geojson")}));
    REQUIRE(merged.code == 0);
    CHECK(slurp(s("merged.geojson")) == slurp(s("single.geojson")));

    // Merge shards by place into one dataset: the same events, none twice.
    for (const char* shard : {"0/2", "1/2"})
        REQUIRE(run_cli(with(base(s), {"--merge", s("parts"), "--place-shard", shard, "-o", s("places.gpkg"),
                                       "--append"}))
                    .code == 0);
    auto again = run_cli(with(base(s), {"--merge", s("parts"), "-o", s("places.gpkg"), "--append"}));
    REQUIRE(again.code == 0);
    CHECK(again.err.find(", 0 written to") != std::string::npos);  // all were already there
}

TEST_CASE("extract: a missing shard file stops the merge and names the shard to re-run", "[cli]") {
    Scratch s;
    REQUIRE(run_cli(with(base(s), {s("news.jsonl"), "--shard", "0/2", "--partial-out", s("parts")})).code == 0);
    auto r = run_cli(with(base(s), {"--merge", s("parts"), "-o", s("x.geojson")}));
    CHECK(r.code == 1);
    CHECK(r.err.find("shard 1/2 is missing") != std::string::npos);
    CHECK(r.err.find("--shard 1/2") != std::string::npos);
    CHECK_FALSE(fs::exists(s("x.geojson")));
}

TEST_CASE("extract: --resume skips the articles already in the output", "[cli]") {
    Scratch s;
    REQUIRE(run_cli(with(base(s), {s("news.jsonl"), "--shard", "0/2", "-o", s("out.gpkg")})).code == 0);
    auto r = run_cli(with(base(s), {s("news.jsonl"), "--resume", "-o", s("out.gpkg")}));
    REQUIRE(r.code == 0);
    CHECK(r.err.find("already in the target") != std::string::npos);
    // A resumed run on a target that does not exist yet simply does everything.
    auto fresh = run_cli(with(base(s), {s("news.jsonl"), "--resume", "-o", s("new.gpkg")}));
    REQUIRE(fresh.code == 0);
    CHECK(fresh.err.find("90 processed, 0 skipped") != std::string::npos);
}

TEST_CASE("extract: option combinations that make no sense are usage errors with a hint", "[cli]") {
    Scratch s;
    std::vector<std::vector<std::string>> bad = {
        {s("news.jsonl")},                                                  // no output
        {"-o", s("x.geojson")},                                             // no input
        {s("news.jsonl"), "--partial-out", s("p"), "-o", s("x.geojson")},   // two outputs
        {"--merge", s("p"), s("news.jsonl"), "-o", s("x.geojson")},         // merge takes no input
        {s("news.jsonl"), "--place-shard", "0/2", "-o", s("x.geojson")},    // place shards only merge
        {s("news.jsonl"), "--shard", "2/2", "-o", s("x.geojson")},          // no such shard
        {s("news.jsonl"), "--resume", "--overwrite", "-o", s("x.geojson")},
    };
    for (auto& args : bad) {
        auto all = base(s);
        all.insert(all.end(), args.begin(), args.end());
        auto r = run_cli(all);
        INFO(r.err);
        CHECK(r.code == 2);
        CHECK(r.err.find("hint: ") != std::string::npos);
    }
}

TEST_CASE("extract: the progress ETA extrapolates the bytes read so far, and needs a known total", "[cli]") {
    using geoevent::cli::ExtractProgress;
    CHECK(ExtractProgress::eta(50, 100, 10) == "ETA 10 s");
    CHECK(ExtractProgress::eta(1, 100, 1) == "ETA 1 min 39 s");
    CHECK(ExtractProgress::eta(1, 10000, 1) == "ETA 2 h 46 min");
    CHECK(ExtractProgress::eta(100, 100, 5) == "ETA 0 s");
    CHECK(ExtractProgress::eta(10, 0, 5).empty());  // stdin, .gz: no total
}
