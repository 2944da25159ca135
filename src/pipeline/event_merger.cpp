#include "geoevent/pipeline/event_merger.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <queue>
#include <vector>

#include "geoevent/date.hpp"
#include "geoevent/error.hpp"
#include "geoevent/event/extractor.hpp"
#include "pipeline/event_spill.hpp"
#include "pipeline/worker_pool.hpp"

namespace geoevent::pipeline {

namespace fs = std::filesystem;
using detail::SpilledEvent;
using detail::SpillReader;
using detail::SpillWriter;
using detail::WorkerPool;

namespace {

// merge_events' output order, with the input position as its stable-sort tie-break.
bool output_before(const SpilledEvent& a, const SpilledEvent& b) {
    if (a.event.date.iso != b.event.date.iso) return a.event.date.iso < b.event.date.iso;
    if (a.event.geonameid != b.event.geonameid) return a.event.geonameid < b.event.geonameid;
    if (a.event.event_class != b.event.event_class) return a.event.event_class < b.event.event_class;
    return a.seq < b.seq;
}

std::optional<long> day_of(const event::Event& e) {
    auto d = Date::parse_iso(e.date.iso);
    return d ? std::optional<long>(d->days()) : std::nullopt;
}

// merge_events on one chain. merge_events does not keep input positions, so each
// event's position rides in event_id (which merge_events neither reads nor changes, and
// finalize() recomputes afterwards).
void merge_chain(std::vector<SpilledEvent>& chain, std::vector<SpilledEvent>& survivors) {
    std::sort(chain.begin(), chain.end(), [](auto& a, auto& b) { return a.seq < b.seq; });
    std::vector<event::Event> events;
    events.reserve(chain.size());
    for (auto& s : chain) {
        s.event.event_id = std::to_string(s.seq);
        events.push_back(std::move(s.event));
    }
    for (auto& e : event::merge_events(std::move(events))) {
        std::uint64_t seq = std::stoull(e.event_id);
        survivors.push_back({seq, std::move(e)});
    }
}

// Merges one partition (whole places only) and returns its survivors in output order.
std::vector<SpilledEvent> merge_partition(std::vector<SpilledEvent> events) {
    // By place, then undated first, then by day: chains are contiguous runs.
    std::vector<std::pair<std::optional<long>, std::size_t>> order;
    order.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) order.emplace_back(day_of(events[i].event), i);
    std::sort(order.begin(), order.end(), [&](auto& a, auto& b) {
        auto ga = events[a.second].event.geonameid, gb = events[b.second].event.geonameid;
        if (ga != gb) return ga < gb;
        return a.first < b.first;  // nullopt (undated) sorts first
    });
    std::vector<SpilledEvent> survivors, chain;
    std::size_t i = 0;
    while (i < order.size()) {
        auto place = events[order[i].second].event.geonameid;
        std::size_t end = i;
        while (end < order.size() && events[order[end].second].event.geonameid == place) ++end;
        bool undated = !order[i].first.has_value();
        for (std::size_t k = i; k < end; ++k) {
            bool breaks = !undated && k > i && *order[k].first - *order[k - 1].first > 7;
            if (breaks) {
                merge_chain(chain, survivors);
                chain.clear();
            }
            chain.push_back(std::move(events[order[k].second]));
        }
        merge_chain(chain, survivors);
        chain.clear();
        i = end;
    }
    std::sort(survivors.begin(), survivors.end(), output_before);
    return survivors;
}

// Where the (anonymous, already unlinked) temporary files go.
std::string tmp_root(const std::string& base) {
    return base.empty() ? fs::temp_directory_path().string() : base;
}

}  // namespace

struct EventMerger::Impl {
    MergerOptions options;
    std::string dir;
    std::vector<std::unique_ptr<SpillWriter>> partitions;
    std::uint64_t count = 0;
    std::uint64_t last_seq = 0;
    bool finished = false;

    std::unique_ptr<SpillWriter> new_file() const {
        return std::make_unique<SpillWriter>(SpillWriter::anonymous(dir, options.buffer_bytes));
    }
};

EventMerger::EventMerger(const MergerOptions& options) : m_impl(std::make_unique<Impl>()) {
    m_impl->options = options;
    if (m_impl->options.partitions == 0) m_impl->options.partitions = 1;
    m_impl->dir = tmp_root(options.tmp_dir);
    // Partitions are opened lazily: small runs create few files.
    m_impl->partitions.resize(m_impl->options.partitions);
}

// The temporary files are unlinked from the start: closing them frees their space.
EventMerger::~EventMerger() = default;

std::uint64_t EventMerger::added() const noexcept { return m_impl->count; }

void EventMerger::add(const event::Event& e, std::uint64_t seq) {
    auto& impl = *m_impl;
    if (impl.count > 0 && seq <= impl.last_seq)
        throw UsageError("EventMerger::add: event " + std::to_string(seq) + " after " + std::to_string(impl.last_seq) +
                         ": events must come in input order");
    impl.last_seq = seq;
    ++impl.count;
    // Knuth's multiplicative hash spreads consecutive GeoNames ids over partitions.
    std::size_t p = static_cast<std::size_t>((std::uint64_t{e.geonameid} * 2654435761u) >> 7) % impl.partitions.size();
    auto& w = impl.partitions[p];
    if (!w) w = impl.new_file();
    w->write(seq, e);
}

std::uint64_t EventMerger::finish(const std::function<void(event::Event&&)>& sink) {
    auto& impl = *m_impl;
    if (impl.finished) throw UsageError("EventMerger::finish called twice");
    impl.finished = true;
    // Merge partition by partition; each one's survivors become a sorted run. Partitions
    // are independent, so several threads take them in turn: after a parallel extraction
    // this would otherwise be the longest serial step of the run.
    std::vector<std::unique_ptr<SpillWriter>*> todo;
    for (auto& partition : impl.partitions)
        if (partition) todo.push_back(&partition);
    std::vector<std::unique_ptr<SpillReader>> readers(todo.size());
    auto merge_one = [&](std::size_t k) {
        std::vector<SpilledEvent> events;
        {
            // Exactly the partition's size: growing by doubling would hold up to twice it.
            events.reserve((*todo[k])->records());
            SpillReader reader = (*todo[k])->into_reader();
            todo[k]->reset();
            for (SpilledEvent s; reader.next(s);) events.push_back(std::move(s));
        }
        auto survivors = merge_partition(std::move(events));
        auto run = impl.new_file();
        for (auto& s : survivors) run->write(s.seq, s.event);
        readers[k] = std::make_unique<SpillReader>(run->into_reader());
    };
    std::atomic<bool> failed{false};
    {
        const auto threads = static_cast<unsigned>(
            std::clamp<std::size_t>(impl.options.threads, 1, std::max<std::size_t>(todo.size(), 1)));
        WorkerPool pool(threads, [&](unsigned, std::size_t k) {
            if (failed) return;  // one partition failed: the run fails, skip the rest
            try {
                merge_one(k);
            } catch (...) {
                failed = true;
                throw;
            }
        });
        pool.start(todo.size());
        pool.wait();  // rethrows the first failure
    }
    // k-way merge of the runs.
    return merge_runs(readers, output_before, [&](SpilledEvent&& v) { sink(std::move(v.event)); });
}

}  // namespace geoevent::pipeline
