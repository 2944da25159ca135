#include "gazetteer/place_reader.hpp"

#include <algorithm>
#include <exception>
#include <future>
#include <thread>
#include <vector>

#include "geoevent/error.hpp"
#include "io/line_reader.hpp"

namespace geoevent::gazetteer::detail {

namespace {

constexpr std::size_t batch_lines = 2048;

// Lines copied out of the reader, parsed in place; records are reused batch after batch
// so their strings keep their capacity.
struct Batch {
    std::string text;
    std::vector<std::size_t> ends;
    std::vector<std::uint64_t> numbers;
    std::vector<PlaceRecord> records;
    std::vector<std::string> errors;
    std::vector<char> skip;  // empty or comment line: counted, not parsed

    std::size_t size() const noexcept { return ends.size(); }
    std::string_view line(std::size_t k) const noexcept {
        std::size_t begin = k ? ends[k - 1] : 0;
        return {text.data() + begin, ends[k] - begin};
    }
    void parse() {
        records.resize(size());
        errors.resize(size());
        skip.assign(size(), 0);
        for (std::size_t k = 0; k < size(); ++k) {
            std::string_view l = line(k);
            if (l.empty() || l.front() == '#') {
                skip[k] = 1;
                continue;
            }
            errors[k] = parse_place(l, records[k]);
        }
    }
};

// Fills the batches of a group from the reader; false when nothing was left.
bool fill(io::LineReader& lines, std::vector<Batch>& group) {
    bool any = false;
    for (Batch& b : group) {
        b.text.clear();
        b.ends.clear();
        b.numbers.clear();
        std::string_view line;
        while (b.ends.size() < batch_lines && lines.next(line)) {
            b.text.append(line);
            b.ends.push_back(b.text.size());
            b.numbers.push_back(lines.line_number());
        }
        any |= !b.ends.empty();
    }
    return any;
}

void parse_group(std::vector<Batch>& group) {
    std::vector<std::exception_ptr> errors(group.size());
    std::vector<std::thread> helpers;
    auto run = [&](std::size_t t) {
        try {
            group[t].parse();
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    for (std::size_t t = 1; t < group.size(); ++t) helpers.emplace_back(run, t);
    run(0);
    for (auto& h : helpers) h.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace

ReadStats read_places(const std::string& path, const ReadOptions& options, std::size_t threads,
                      const std::function<void(PlaceRecord&)>& sink) {
    io::LineReader lines(path);
    ReadStats stats;
    auto deliver = [&](std::vector<Batch>& group) {
        for (Batch& b : group) {
            for (std::size_t k = 0; k < b.size(); ++k) {
                ++stats.lines;
                if (b.skip[k]) continue;
                if (b.errors[k].empty()) {
                    ++stats.records;
                    sink(b.records[k]);
                    continue;
                }
                // As GeonamesReader reports a bad row.
                ++stats.skipped;
                if (options.strict)
                    throw InputError(path, b.numbers[k], b.errors[k],
                                     "fix or remove the line, or run without --strict to skip bad rows");
                if (stats.issues.size() < options.max_issues) stats.issues.push_back({path, b.numbers[k], b.errors[k]});
            }
        }
    };
    std::vector<Batch> current(std::max<std::size_t>(threads, 1)), next(current.size());
    if (!fill(lines, current)) return stats;
    // While the helpers parse one group, this thread reads the next and hands on the
    // previous one, so line reading and the sink overlap the parsing.
    auto parsing = std::async(std::launch::async, [&] { parse_group(current); });
    for (;;) {
        const bool more = fill(lines, next);
        parsing.get();
        std::swap(current, next);  // `next` is the parsed group now
        if (more) parsing = std::async(std::launch::async, [&] { parse_group(current); });
        try {
            deliver(next);
        } catch (...) {
            if (parsing.valid()) parsing.wait();
            throw;
        }
        if (!more) return stats;
    }
}

}  // namespace geoevent::gazetteer::detail
