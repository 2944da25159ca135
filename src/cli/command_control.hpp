#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cli/command.hpp"

namespace geoevent::cli {

class ControlCommand : public Command {
public:
    const char* name() const override { return "control"; }
    const char* description() const override {
        return "Compute who controls what as of a date from events, with history and control areas.";
    }
    const char* example() const override {
        return "geoevent control events.gpkg --as-of 2017-11-09 -o control.gpkg\n"
               "  geoevent control run1.gpkg run2.gpkg -o control.geojson --no-areas";
    }
    void setup(CLI::App& app) override;
    int run(Context& ctx) override;

private:
    std::vector<std::string> m_inputs;
    std::string m_as_of;
    std::string m_output;
    std::string m_driver;
    std::string m_t_srs;
    std::string m_boundaries;
    std::optional<std::string> m_qgis_project;  // set, maybe empty: --qgis-project given
    bool m_overwrite = false;
    bool m_no_areas = false;
    bool m_quiet = false;
};

}  // namespace geoevent::cli
