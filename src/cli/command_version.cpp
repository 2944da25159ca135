#include "cli/command_version.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

#include "geoevent/version.hpp"

namespace geoevent::cli {

void VersionCommand::setup(CLI::App& app) {
    app.add_flag("--short", m_short, "print only the version number");
}

int VersionCommand::run(Context& ctx) {
    if (m_short) {
        ctx.out << version_string << '\n';
    } else {
        ctx.out << "geoevent " << version_string << " (" << dependency_versions() << ")\n";
    }
    return 0;
}

}  // namespace geoevent::cli
