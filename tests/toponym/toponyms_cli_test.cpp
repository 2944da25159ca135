// The commands as users run them (in-process): exit codes, messages, output shape.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "../gazetteer/temp_dir.hpp"
#include "cli/cli_runner.hpp"
#include "test_config.hpp"

using geoevent::test::run_cli;

namespace {
std::string lexicon_dir() { return std::string(geoevent::test::source_dir) + "/lexicon"; }

std::vector<std::string> toponyms_args(std::vector<std::string> extra) {
    std::vector<std::string> args{"toponyms", "--gazetteer", geoevent::test::default_index, "--lexicon", lexicon_dir()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

std::size_t count_lines(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}
}  // namespace

TEST_CASE("toponyms: bad records are reported with file and line, exit 0 unless --strict", "[toponym][cli]") {
    geoevent::test::TempDir dir;
    auto path = dir / "in.jsonl";
    {
        std::ofstream f(path, std::ios::binary);
        f << "{\"id\": \"a\", \"text\": \"Les forces irakiennes ont repris Rawa.\"}\n"
          << "\n"
          << "{\"id\": \"b\", \"text\": \"Al\xe9p\"}\n"
          << "{\"id\": \"c\", \"text\": \n"
          << "{\"id\": \"d\"}\n"
          << "{\"id\": \"e\", \"text\": \"" << std::string((10u << 20) + 1, 'x') << "\"}\n"
          << "{\"id\": \"f\", \"text\": \"Clashes in Tripoli, Lebanon.\"}\n";
    }
    auto r = run_cli(toponyms_args({path}));
    CHECK(r.code == 0);
    CHECK(count_lines(r.out) == 2);
    CHECK(r.out.find("\"id\":\"a\"") != std::string::npos);
    CHECK(r.out.find("\"geonameid\":92004") != std::string::npos);
    CHECK(r.out.find("\"geonameid\":266826") != std::string::npos);
    for (int line : {2, 3, 4, 5, 6}) {
        INFO(line);
        CHECK(r.err.find(path + ":" + std::to_string(line) + ":") != std::string::npos);
    }
    CHECK(r.err.find("invalid UTF-8") != std::string::npos);
    CHECK(r.err.find("missing \"text\"") != std::string::npos);

    auto strict = run_cli(toponyms_args({"--strict", path}));
    CHECK(strict.code == 1);
    CHECK(strict.err.find(path + ":2:") != std::string::npos);
    CHECK(strict.err.find("hint:") != std::string::npos);
    // What was found before the stop is still printed: the first article's line.
    CHECK(strict.out == r.out.substr(0, r.out.find('\n') + 1));
}

TEST_CASE("toponyms: output lines have exactly the documented members", "[toponym][cli]") {
    auto r = run_cli(toponyms_args({std::string(geoevent::test::source_dir) + "/examples/boukamal.fr.txt"}));
    REQUIRE(r.code == 0);
    CHECK(r.out.rfind("{\"id\":\"boukamal.fr.txt\",\"toponyms\":[{\"start\":", 0) == 0);
    for (const char* key : {"\"end\":", "\"name\":", "\"geonameid\":", "\"lat\":", "\"lon\":", "\"feature_code\":",
                            "\"country\":", "\"admin1\":", "\"kind\":", "\"score\":", "\"reason\":", "\"candidates\":"})
        CHECK(r.out.find(key) != std::string::npos);
}

TEST_CASE("toponyms: a missing lexicon is a clear error", "[toponym][cli]") {
    auto r = run_cli({"toponyms", "--gazetteer", geoevent::test::default_index, "--lexicon", "/nonexistent",
                      std::string(geoevent::test::source_dir) + "/examples/boukamal.fr.txt"});
    CHECK(r.code == 1);
    CHECK(r.err.find("toponyms.fr.json") != std::string::npos);
    CHECK(r.err.find("hint:") != std::string::npos);
}

TEST_CASE("eval: toponyms scores a file against itself perfectly, events needs its files", "[toponym][cli]") {
    std::string dev = std::string(geoevent::test::data_dir) + "/toponyms/dev.jsonl";
    auto r = run_cli({"eval", "toponyms", dev, dev, "--json", "--min-f1", "1", "--min-acc161", "1"});
    CHECK(r.code == 0);
    CHECK(r.out.find("\"f1\": 1") != std::string::npos);
    auto events = run_cli({"eval", "events", "a", "b"});
    CHECK(events.code == 1);  // missing files: an input error naming them
    CHECK(events.err.find("a") != std::string::npos);
    CHECK(run_cli({"eval", "events"}).code == 2);
    auto missing = run_cli({"eval", "toponyms", dev});
    CHECK(missing.code == 2);
}

TEST_CASE("toponyms -o writes a point layer of mentions", "[toponym][cli]") {
    geoevent::test::TempDir dir;
    auto out = dir / "mentions.geojson";
    auto r = run_cli(toponyms_args({std::string(geoevent::test::source_dir) + "/examples/boukamal.fr.txt", "-o", out}));
    REQUIRE(r.code == 0);
    CHECK(r.out.empty());
    std::ifstream f(out);
    std::stringstream ss;
    ss << f.rdbuf();
    auto json = ss.str();
    CHECK(json.find("\"mentions\"") != std::string::npos);
    CHECK(json.find("\"Point\"") != std::string::npos);
    CHECK(json.find("\"geonameid\": 174448") != std::string::npos);
    // An existing file is kept unless --overwrite.
    auto again = run_cli(toponyms_args({std::string(geoevent::test::source_dir) + "/examples/boukamal.fr.txt", "-o", out}));
    CHECK(again.code != 0);
}
