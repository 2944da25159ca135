// The one place where commands are registered (explicit, so no linker can drop one).
#include "cli/command.hpp"
#include "cli/command_control.hpp"
#include "cli/command_eval.hpp"
#include "cli/command_extract.hpp"
#include "cli/command_gazetteer.hpp"
#include "cli/command_gazetteer_refresh.hpp"
#include "cli/command_toponyms.hpp"
#include "cli/command_version.hpp"

namespace geoevent::cli {

std::vector<std::unique_ptr<Command>> make_commands() {
    std::vector<std::unique_ptr<Command>> c;
    c.push_back(std::make_unique<ExtractCommand>());
    c.push_back(std::make_unique<ToponymsCommand>());
    c.push_back(std::make_unique<ControlCommand>());
    c.push_back(std::make_unique<EvalCommand>());
    c.push_back(std::make_unique<VersionCommand>());
    return c;
}

std::vector<CommandGroup> make_groups() {
    std::vector<CommandGroup> groups;
    CommandGroup gaz{"gazetteer", "Build, inspect, refresh and query the GeoNames gazetteer index.", {}};
    gaz.commands.push_back(std::make_unique<GazetteerLookupCommand>());
    gaz.commands.push_back(std::make_unique<GazetteerBuildCommand>());
    gaz.commands.push_back(std::make_unique<GazetteerRefreshCommand>());
    gaz.commands.push_back(std::make_unique<GazetteerInfoCommand>());
    groups.push_back(std::move(gaz));
    return groups;
}

}  // namespace geoevent::cli
