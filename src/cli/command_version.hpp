#pragma once
#include "cli/command.hpp"

namespace geoevent::cli {

class VersionCommand : public Command {
public:
    const char* name() const override { return "version"; }
    const char* description() const override {
        return "Print the geoevent version and the versions of GDAL, PROJ, GEOS and ICU in use.";
    }
    const char* example() const override { return "geoevent version"; }
    void setup(CLI::App& app) override;
    int run(Context& ctx) override;

private:
    bool m_short = false;
};

}  // namespace geoevent::cli
