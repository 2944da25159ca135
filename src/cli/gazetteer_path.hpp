#pragma once
#include <string>

namespace CLI {
class App;
}

namespace geoevent::cli {

// Which index a command uses: --gazetteer PATH, else $GEOEVENT_GAZETTEER, else the
// default next to the executable (<bin>/../share/geoevent/default.gidx, the same in the
// build tree and in an install).
std::string resolve_gazetteer(const std::string& option_value);

// Adds the shared `--gazetteer PATH` option.
void add_gazetteer_option(CLI::App& app, std::string& target);

}  // namespace geoevent::cli
