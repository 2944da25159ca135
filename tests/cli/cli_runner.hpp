#pragma once
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace geoevent::test {

struct CliResult {
    int code;
    std::string out;
    std::string err;
};

inline CliResult run_cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    int code = geoevent::cli::run(args, out, err);
    return {code, out.str(), err.str()};
}

}  // namespace geoevent::test
