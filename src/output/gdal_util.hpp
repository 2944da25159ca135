#pragma once
// Small glue between GDAL's C-style error reporting and the project's exceptions.
#include <string>
#include <vector>

#include <cpl_error.h>

#include "geoevent/error.hpp"

namespace geoevent::output::detail {

// Calls GDAL once per process; every entry point calls it, so callers need not.
void ensure_gdal_registered();

// While alive, GDAL messages go to `warnings` (warnings, each once) instead of stderr: a
// library stage never prints. Errors are still recorded for CPLGetLastErrorMsg().
class ErrorScope {
public:
    explicit ErrorScope(std::vector<std::string>* warnings);
    ~ErrorScope();
    ErrorScope(const ErrorScope&) = delete;
    ErrorScope& operator=(const ErrorScope&) = delete;
};

// Who was being written when GDAL failed; `dataset` is the user's target, never the
// staged file, and a connection string has its password masked.
struct Where {
    std::string driver;
    std::string dataset;
    std::string layer;
};

// "<driver> dataset '<dataset>', layer '<layer>': <what>: <GDAL's last message>".
GdalError gdal_error(const Where& where, const std::string& what, std::string hint = {});

// The message part without GDAL's text, for errors GDAL did not report.
std::string describe(const Where& where);

// "PG:dbname=x password=secret" -> "PG:dbname=x password=***".
std::string mask_password(const std::string& target);

}  // namespace geoevent::output::detail
