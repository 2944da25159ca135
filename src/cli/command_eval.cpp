#include "cli/command_eval.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iomanip>
#include <ostream>

#include "cli/cli.hpp"
#include "geoevent/error.hpp"
#include "geoevent/control/event_reader.hpp"
#include "geoevent/event/eval.hpp"
#include "geoevent/toponym/eval.hpp"

namespace geoevent::cli {

void EvalCommand::setup(CLI::App& app) {
    app.add_option("WHAT", m_what, "what to score: toponyms, or events (gold JSON Lines {id, events}; predicted: "
                                   "the same, or any dataset written by `geoevent extract`)")
        ->required()
        ->check(CLI::IsMember({"toponyms", "events"}));
    app.add_option("GOLD", m_gold, "gold JSON Lines (same shape as the output of `geoevent toponyms`)");
    app.add_option("PRED", m_predicted, "predicted JSON Lines");
    app.add_flag("--json", m_json, "print the scores as one JSON object (toponyms)");
    app.add_option("--max-km", m_max_km, "events: how far a predicted place may be from the gold one (default 25)");
    app.add_option("--min-f1", m_min_f1, "exit 1 when the exact-span F1 is below this")->check(CLI::Range(0.0, 1.0));
    app.add_option("--min-acc161", m_min_acc161, "exit 1 when accuracy@161 km is below this")
        ->check(CLI::Range(0.0, 1.0));
}

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

int EvalCommand::run_events(Context& ctx) {
    if (m_gold.empty() || m_predicted.empty())
        throw UsageError("`eval events` needs a gold file and a predicted file",
                         "run `geoevent eval events GOLD.jsonl PRED.geojson` (PRED from `geoevent extract`)");
    auto gold = event::read_event_documents(m_gold);
    std::vector<event::EventDocument> pred;
    if (ends_with(m_predicted, ".jsonl") || ends_with(m_predicted, ".ndjson")) {
        pred = event::read_event_documents(m_predicted);
    } else {
        // A dataset from `geoevent extract`: events carry the article they came from.
        for (auto& e : control::read_events(m_predicted).events) {
            auto it = std::find_if(pred.begin(), pred.end(), [&](auto& d) { return d.id == e.source_id; });
            if (it == pred.end()) it = pred.insert(pred.end(), event::EventDocument{e.source_id, {}});
            it->events.push_back(e);
        }
    }
    auto r = event::evaluate_events(gold, pred, m_max_km);
    auto& o = ctx.out;
    auto line = [&](const char* name, const event::MatchScores& s) {
        o << name << "P " << s.precision << "  R " << s.recall << "  F1 " << s.f1 << "  (" << s.true_positives
          << " of " << s.predicted << " predicted, " << s.gold << " gold)\n";
    };
    o << std::fixed << std::setprecision(3) << "documents                 " << r.documents << '\n';
    line("class + place            ", r.place);
    line("class + place + date     ", r.place_date);
    line("class + place + date + actors ", r.full);
    o << "events where gold has none " << r.events_at_gold_free_documents << '\n';
    if (r.full.f1 < m_min_f1) {
        print_error(ctx.err, "event F1 below the required minimum", "lower --min-f1, or look at the events that differ");
        return Exit::failure;
    }
    return Exit::ok;
}

int EvalCommand::run(Context& ctx) {
    if (m_what == "events") return run_events(ctx);
    if (m_gold.empty() || m_predicted.empty())
        throw UsageError("`eval toponyms` needs a gold file and a predicted file",
                         "run `geoevent eval toponyms GOLD.jsonl PRED.jsonl`");
    auto gold = toponym::read_toponyms_file(m_gold);
    auto pred = toponym::read_toponyms_file(m_predicted);
    auto r = toponym::evaluate(gold, pred);
    auto& o = ctx.out;
    if (m_json) {
        auto span = [&](const char* name, const toponym::SpanScores& s) {
            o << '"' << name << "\": {\"precision\": " << s.precision << ", \"recall\": " << s.recall
              << ", \"f1\": " << s.f1 << ", \"true_positives\": " << s.true_positives
              << ", \"predicted\": " << s.predicted << ", \"gold\": " << s.gold << '}';
        };
        o << std::setprecision(6) << "{\"documents\": " << r.documents << ", ";
        span("exact", r.exact);
        o << ", ";
        span("overlap", r.overlap);
        o << ", \"geocoded\": " << r.geocoded << ", \"accuracy_161km\": " << r.accuracy_161
          << ", \"mean_error_km\": " << r.mean_error_km << ", \"median_error_km\": " << r.median_error_km
          << ", \"auc\": " << r.auc << ", \"geonameid_accuracy\": " << r.geonameid_accuracy << "}\n";
    } else {
        o << std::fixed << std::setprecision(3);
        o << "documents            " << r.documents << '\n';
        auto span = [&](const char* name, const toponym::SpanScores& s) {
            o << name << "P " << s.precision << "  R " << s.recall << "  F1 " << s.f1 << "  (" << s.true_positives
              << " of " << s.predicted << " predicted, " << s.gold << " gold)\n";
        };
        span("spans, exact         ", r.exact);
        span("spans, overlap       ", r.overlap);
        o << "geocoded mentions    " << r.geocoded << '\n';
        o << "accuracy@161km       " << r.accuracy_161 << '\n';
        o << std::setprecision(1) << "mean error km        " << r.mean_error_km << '\n';
        o << "median error km      " << r.median_error_km << '\n';
        o << std::setprecision(3) << "AUC (log error)      " << r.auc << '\n';
        o << "geonameid accuracy   " << r.geonameid_accuracy << '\n';
    }
    bool pass = r.exact.f1 >= m_min_f1 && r.accuracy_161 >= m_min_acc161;
    if (!pass)
        print_error(ctx.err, "scores below the required minimum",
                    "see which mentions differ with `diff` on the two files, or lower --min-f1/--min-acc161");
    return pass ? Exit::ok : Exit::failure;
}

}  // namespace geoevent::cli
