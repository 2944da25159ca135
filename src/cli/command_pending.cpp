#include <CLI/CLI.hpp>

#include <ostream>

#include "cli/cli.hpp"
#include "cli/command.hpp"

namespace geoevent::cli {

void PendingCommand::setup(CLI::App& app) {
    // Accept any arguments so the message below, not a parse error, is what users see.
    app.allow_extras();
}

int PendingCommand::run(Context& ctx) {
    print_error(ctx.err, std::string("`") + m_name + "` is not available in this version yet",
                std::string("it is being built (") + m_issue +
                    "); `geoevent gazetteer lookup NAME` works today");
    return Exit::usage;
}

}  // namespace geoevent::cli
