#include <catch2/catch.hpp>

#include "cli/cli_runner.hpp"
#include "geoevent/version.hpp"

using geoevent::test::run_cli;

TEST_CASE("geoevent --help lists every command", "[cli]") {
    auto r = run_cli({"--help"});
    CHECK(r.code == 0);
    for (const char* cmd : {"extract", "toponyms", "gazetteer", "control", "eval", "version"}) {
        INFO(cmd);
        CHECK(r.out.find(cmd) != std::string::npos);
    }
}

TEST_CASE("an unknown command exits 2 with an error and a hint", "[cli]") {
    auto r = run_cli({"nonsense"});
    CHECK(r.code == 2);
    CHECK(r.err.rfind("geoevent: error: ", 0) == 0);
    CHECK(r.err.find("\nhint: ") != std::string::npos);
}

TEST_CASE("no command at all is a usage error", "[cli]") {
    auto r = run_cli({});
    CHECK(r.code == 2);
    CHECK(r.err.find("hint:") != std::string::npos);
}

TEST_CASE("an unknown option is a usage error naming the option", "[cli]") {
    auto r = run_cli({"version", "--frobnicate"});
    CHECK(r.code == 2);
    CHECK(r.err.find("--frobnicate") != std::string::npos);
}

TEST_CASE("version prints the project and library versions", "[cli]") {
    auto r = run_cli({"version"});
    CHECK(r.code == 0);
    CHECK(r.out.find(geoevent::version_string) != std::string::npos);
    CHECK(r.out.find("GDAL 3.") != std::string::npos);
    CHECK(r.out.find("GEOS 3.") != std::string::npos);
    CHECK(run_cli({"version", "--short"}).out == std::string(geoevent::version_string) + "\n");
}
