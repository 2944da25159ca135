#include "cli/gazetteer_path.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace geoevent::cli {

std::string resolve_gazetteer(const std::string& option_value) {
    if (!option_value.empty()) return option_value;
    if (const char* env = std::getenv("GEOEVENT_GAZETTEER"); env && *env) return env;
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto candidate = exe.parent_path().parent_path() / "share" / "geoevent" / "default.gidx";
        if (std::filesystem::exists(candidate, ec)) return candidate.string();
        return candidate.string();  // Index::open names it and says how to build it
    }
    return "default.gidx";
}

void add_gazetteer_option(CLI::App& app, std::string& target) {
    app.add_option("--gazetteer", target,
                   "gazetteer index to use (default: $GEOEVENT_GAZETTEER, else the embedded default)")
        ->type_name("PATH");
}

}  // namespace geoevent::cli
