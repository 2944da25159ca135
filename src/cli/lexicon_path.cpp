#include "cli/lexicon_path.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace geoevent::cli {

std::string resolve_lexicon(const std::string& option_value) {
    if (!option_value.empty()) return option_value;
    if (const char* env = std::getenv("GEOEVENT_LEXICON"); env && *env) return env;
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) return (exe.parent_path().parent_path() / "share" / "geoevent" / "lexicon").string();
    return "lexicon";
}

}  // namespace geoevent::cli
