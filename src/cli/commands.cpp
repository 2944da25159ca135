// The one place where commands are registered (explicit, so no linker can drop one).
#include "cli/command.hpp"
#include "cli/command_gazetteer.hpp"
#include "cli/command_gazetteer_refresh.hpp"
#include "cli/command_version.hpp"

namespace geoevent::cli {

std::vector<std::unique_ptr<Command>> make_commands() {
    std::vector<std::unique_ptr<Command>> c;
    c.push_back(std::make_unique<PendingCommand>(
        "extract",
        "Extract control-change events (who took which place from whom, when) from articles "
        "and write them as a map layer.",
        "geoevent extract examples/boukamal.fr.txt -o boukamal.geojson", "issue #5"));
    c.push_back(std::make_unique<PendingCommand>(
        "toponyms", "Find every place name in articles and resolve it to a GeoNames place.",
        "geoevent toponyms articles.jsonl > toponyms.jsonl", "issue #4"));
    c.push_back(std::make_unique<PendingCommand>(
        "control",
        "Compute who controls what as of a date from events, with history and control areas.",
        "geoevent control events.gpkg --as-of 2017-11-09 -o control.gpkg", "issue #6"));
    c.push_back(std::make_unique<PendingCommand>(
        "eval", "Score predicted toponyms or events against a gold file.",
        "geoevent eval toponyms gold.jsonl predicted.jsonl", "issues #4 and #5"));
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
