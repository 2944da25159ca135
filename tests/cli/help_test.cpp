// Every command gets an automatic --help test (osmium-tool's rule): the list comes from
// the same registry the CLI uses, so a new command cannot go untested.
#include <catch2/catch.hpp>

#include "cli/cli_runner.hpp"
#include "cli/command.hpp"

#include <sstream>

using geoevent::test::run_cli;

TEST_CASE("every command answers --help with its description and an example", "[cli]") {
    std::vector<std::pair<std::vector<std::string>, std::string>> cases;
    for (auto& cmd : geoevent::cli::make_commands())
        cases.push_back({{cmd->name()}, cmd->description()});
    for (auto& group : geoevent::cli::make_groups()) {
        cases.push_back({{group.name}, group.description});
        for (auto& cmd : group.commands)
            cases.push_back({{group.name, cmd->name()}, cmd->description()});
    }
    REQUIRE(cases.size() >= 10);
    for (auto& [words, description] : cases) {
        auto args = words;
        args.push_back("--help");
        auto r = run_cli(args);
        INFO(args[0] << (args.size() > 2 ? " " + args[1] : ""));
        CHECK(r.code == 0);
        CHECK(r.out.find(description.substr(0, 30)) != std::string::npos);
        CHECK(r.out.find("Example") != std::string::npos);
    }
}

TEST_CASE("a command not built yet says so and exits 2", "[cli]") {
    // Placeholders are how unfinished commands ship: they never fake a result.
    geoevent::cli::PendingCommand pending("demo", "A command still being built.", "geoevent demo", "issue #0");
    std::ostringstream out, err;
    geoevent::cli::Context ctx{out, err};
    CHECK(pending.run(ctx) == 2);
    CHECK(out.str().empty());
    CHECK(err.str().find("not available in this version yet") != std::string::npos);
    CHECK(err.str().find("hint:") != std::string::npos);
}
