#pragma once
#include <string>
#include <vector>

#include "cli/command.hpp"

namespace geoevent::cli {

// Exit codes for cron and systemd (documented in the README).
enum RefreshExit : int { refresh_updated = 0, refresh_failed = 1, refresh_up_to_date = 3, refresh_locked = 4 };

class GazetteerRefreshCommand : public Command {
public:
    const char* name() const override { return "refresh"; }
    const char* description() const override {
        return "Refresh an index from full GeoNames dumps or by applying the daily files since its "
               "data date; builds next to it, validates, then swaps atomically. Exit codes: 0 updated, "
               "3 already up to date, 1 failed (old index kept), 4 another refresh running, 2 usage.";
    }
    const char* example() const override {
        return "geoevent gazetteer refresh --index ~/geonames.gidx --daily /vsicurl/https://download.geonames.org/export/dump/ --from cities500.zip";
    }
    void setup(CLI::App& app) override;
    int run(Context& ctx) override;

private:
    std::string m_index;
    std::vector<std::string> m_from;
    std::vector<std::string> m_alternate_names;
    std::vector<std::string> m_demonyms;
    std::string m_overlay;
    std::string m_daily;
    std::string m_until;
    std::string m_data_date;
    double m_max_shrink = 2.0;
    bool m_force = false;
    std::vector<std::string> m_checks;
    bool m_no_default_checks = false;
    bool m_quiet = false;
};

}  // namespace geoevent::cli
