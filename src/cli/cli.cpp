#include "cli/cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <ostream>

#include "cli/command.hpp"
#include "geoevent/error.hpp"
#include "geoevent/version.hpp"

namespace geoevent::cli {

void print_error(std::ostream& err, const std::string& what, const std::string& hint) {
    err << "geoevent: error: " << what << '\n';
    if (!hint.empty()) err << "hint: " << hint << '\n';
}

namespace {

void describe(CLI::App& sub, Command& cmd) {
    sub.description(cmd.description());
    sub.footer(std::string("Example:\n  ") + cmd.example());
    cmd.setup(sub);
}

bool has_subcommand(CLI::App& app, const std::string& name) {
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
        if (sub->check_name(name)) return true;
    return false;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CLI::App app{"geoevent " + std::string(version_string) +
                 " - turns news text into map layers: place names resolved against "
                 "GeoNames, control-change events, GDAL layers."};
    app.name("geoevent");
    app.require_subcommand(1);
    app.footer(
        "Examples:\n"
        "  geoevent gazetteer lookup Boukamal\n"
        "  geoevent extract examples/boukamal.fr.txt -o boukamal.geojson\n"
        "Run `geoevent <command> --help` for the options of a command.");

    auto commands = make_commands();
    auto groups = make_groups();
    std::vector<std::pair<CLI::App*, Command*>> bound;
    for (auto& cmd : commands) {
        auto* sub = app.add_subcommand(cmd->name());
        describe(*sub, *cmd);
        bound.emplace_back(sub, cmd.get());
    }
    for (auto& group : groups) {
        auto* g = app.add_subcommand(group.name, group.description);
        g->require_subcommand(1);
        std::string footer = "Examples:";
        for (auto& cmd : group.commands) {
            auto* sub = g->add_subcommand(cmd->name());
            describe(*sub, *cmd);
            bound.emplace_back(sub, cmd.get());
            footer += std::string("\n  ") + cmd->example();
        }
        g->footer(footer);
    }

    if (!args.empty() && !args[0].empty() && args[0][0] != '-' && !has_subcommand(app, args[0])) {
        print_error(err, "unknown command '" + args[0] + "'",
                    "run `geoevent --help` for the list of commands");
        return Exit::usage;
    }
    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 wants them reversed
        app.parse(reversed);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e, out, err);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e, out, err);
    } catch (const CLI::ParseError& e) {
        print_error(err, e.what(), "run `geoevent --help` (or `geoevent <command> --help`) to see what is accepted");
        return Exit::usage;
    }

    Context ctx{out, err};
    for (auto& [sub, cmd] : bound) {
        if (!sub->parsed()) continue;
        try {
            return cmd->run(ctx);
        } catch (const UsageError& e) {
            print_error(err, e.what(), e.hint());
            return Exit::usage;
        } catch (const Error& e) {
            print_error(err, e.what(), e.hint());
            return Exit::failure;
        } catch (const std::bad_alloc&) {
            print_error(err, "out of memory", "process fewer or smaller inputs at once");
            return Exit::failure;
        } catch (const std::exception& e) {
            print_error(err, std::string("internal error: ") + e.what(),
                        "this is a bug; please report it with the command line you ran");
            return Exit::failure;
        }
    }
    print_error(err, "no command given", "run `geoevent --help`");
    return Exit::usage;
}

}  // namespace geoevent::cli
