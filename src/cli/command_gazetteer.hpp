#pragma once
// `geoevent gazetteer lookup|build|info` (refresh lives with issue #7).
#include <cstddef>
#include <string>
#include <vector>

#include "cli/command.hpp"

namespace geoevent::cli {

class GazetteerLookupCommand : public Command {
public:
    const char* name() const override { return "lookup"; }
    const char* description() const override {
        return "Rank the GeoNames places a name can refer to, under any spelling (Boukamal, "
               "Abu Kamal, البوكمال).";
    }
    const char* example() const override {
        return "geoevent gazetteer lookup Boukamal\n  geoevent gazetteer lookup Palmyra --country US --json";
    }
    void setup(CLI::App& app) override;
    int run(Context& ctx) override;

private:
    std::vector<std::string> m_names;
    std::string m_gazetteer;
    std::string m_country;
    std::string m_expect = "any";
    std::size_t m_limit = 5;
    bool m_json = false;
};

class GazetteerBuildCommand : public Command {
public:
    const char* name() const override { return "build"; }
    const char* description() const override {
        return "Build a gazetteer index from GeoNames dumps (geoname rows, alternateNamesV2, "
               "demonyms, user overlay); plain, .gz, .zip or any GDAL virtual path.";
    }
    const char* example() const override {
        return "geoevent gazetteer build --from cities500.zip --alternate-names alternateNamesV2.zip -o cities500.gidx";
    }
    void setup(CLI::App& app) override;
    int run(Context& ctx) override;

private:
    std::vector<std::string> m_from;
    std::vector<std::string> m_alternate_names;
    std::vector<std::string> m_demonyms;
    std::string m_overlay;
    std::string m_output;
    std::string m_source;
    std::string m_data_date;
    bool m_strict = false;
    bool m_overwrite = false;
    bool m_quiet = false;
};

class GazetteerInfoCommand : public Command {
public:
    const char* name() const override { return "info"; }
    const char* description() const override {
        return "Print the header of a gazetteer index (source, build date, data date, counts, "
               "checksum) after verifying it.";
    }
    const char* example() const override { return "geoevent gazetteer info --json"; }
    void setup(CLI::App& app) override;
    int run(Context& ctx) override;

private:
    std::string m_gazetteer;
    bool m_json = false;
};

}  // namespace geoevent::cli
