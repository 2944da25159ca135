#include "output/gdal_util.hpp"

#include <algorithm>
#include <mutex>
#include <regex>

#include <gdal.h>

namespace geoevent::output::detail {

void ensure_gdal_registered() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

namespace {

// Enough to see what went wrong without a million identical lines per feature.
constexpr std::size_t max_warnings = 100;

void CPL_STDCALL collect(CPLErr level, CPLErrorNum number, const char* message) {
    // Debug output only appears when the user asked for it (CPL_DEBUG=ON): let it through.
    if (level == CE_Debug) return CPLDefaultErrorHandler(level, number, message);
    if (level != CE_Warning || message == nullptr) return;
    auto* warnings = static_cast<std::vector<std::string>*>(CPLGetErrorHandlerUserData());
    if (warnings == nullptr || warnings->size() >= max_warnings) return;
    if (std::find(warnings->begin(), warnings->end(), message) == warnings->end())
        warnings->emplace_back(message);
}

}  // namespace

ErrorScope::ErrorScope(std::vector<std::string>* warnings) {
    CPLPushErrorHandlerEx(collect, warnings);
    CPLErrorReset();
}

ErrorScope::~ErrorScope() { CPLPopErrorHandler(); }

std::string mask_password(const std::string& target) {
    static const std::regex password(R"((password\s*=\s*)('[^']*'|\S+))", std::regex::icase);
    return std::regex_replace(target, password, "$1***");
}

std::string describe(const Where& where) {
    std::string s = where.driver + " dataset '" + mask_password(where.dataset) + "'";
    if (!where.layer.empty()) s += ", layer '" + where.layer + "'";
    return s;
}

namespace {

// libpq and others answer in several indented lines; the CLI prints one.
std::string one_line(const std::string& text) {
    static const std::regex breaks(R"(\s*\n\s*)");
    std::string s = std::regex_replace(text, breaks, " ");
    auto end = s.find_last_not_of(" \t");
    return end == std::string::npos ? "" : s.substr(0, end + 1);
}

}  // namespace

GdalError gdal_error(const Where& where, const std::string& what, std::string hint) {
    std::string message = describe(where) + ": " + what;
    const char* gdal = CPLGetLastErrorMsg();
    if (gdal != nullptr && *gdal != '\0') message += ": " + one_line(mask_password(gdal));
    // A failed write is most often a full disk or a quota, which GDAL reports only as the
    // symptom (e.g. SQLite's "no such table" after a failed page write).
    if (hint.empty())
        hint = "check the free space and write permission where the output goes; the previous output, if any, "
               "is untouched";
    return GdalError(message, std::move(hint));
}

}  // namespace geoevent::output::detail
