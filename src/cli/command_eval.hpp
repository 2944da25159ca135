#pragma once
// `geoevent eval toponyms GOLD PRED` (events: issue #5).
#include <string>

#include "cli/command.hpp"

namespace geoevent::cli {

class EvalCommand : public Command {
public:
    const char* name() const override { return "eval"; }
    const char* description() const override {
        return "Score predicted toponyms or events against a gold file.";
    }
    const char* example() const override {
        return "geoevent eval toponyms gold.jsonl predicted.jsonl\n"
               "  geoevent eval toponyms gold.jsonl predicted.jsonl --json --min-f1 0.9 --min-acc161 0.95";
    }
    void setup(CLI::App& app) override;
    int run(Context& ctx) override;

private:
    std::string m_what;
    std::string m_gold;
    std::string m_predicted;
    bool m_json = false;
    double m_min_f1 = 0;
    double m_min_acc161 = 0;
    double m_max_km = 25.0;
    int run_events(Context& ctx);
};

}  // namespace geoevent::cli
