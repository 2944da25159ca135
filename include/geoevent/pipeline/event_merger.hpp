#pragma once
// Cross-document event merging for corpora of any size, with the result of
// event::merge_events on all events at once (same features, same order) but memory
// bounded by one bucket of events instead of the whole corpus.
//
// How: merge_events only ever merges events at the same place, and only events whose
// dates are within a week of a date already in the group (an event's date only changes to
// the date of an event it absorbs). So events are spilled to temporary files partitioned
// by place (unlinked as soon as created: a killed run leaves no files behind); each partition is split into chains of dates no more than 7 days apart
// (a place with an undated event stays one chain, since "no date" matches any date) and
// every chain is merged with merge_events in input order. The survivors of each
// partition are sorted by merge_events' output order (date, place, class, input order)
// and the partitions are k-way merged into one stream.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "geoevent/event/event.hpp"

namespace geoevent::pipeline {

struct MergerOptions {
    std::string tmp_dir;             // empty: std::filesystem::temp_directory_path()
    std::size_t partitions = 256;    // more: less memory per partition, more open files
    std::size_t buffer_bytes = 16u << 10;  // per open temporary file
    // Partitions merged at once by finish(): the output is the same for any number; memory
    // grows to that many partitions.
    unsigned threads = 1;
};

// An event's position in the input: the article's ordinal among all articles read (also
// those of other shards, so that every shard numbers articles alike) and the event's
// index within its article.
constexpr std::uint64_t event_seq(std::uint64_t article, std::uint64_t index) noexcept {
    return (article << 24) | (index & 0xffffff);
}

class EventMerger {
public:
    explicit EventMerger(const MergerOptions& options = {});
    ~EventMerger();  // never throws
    EventMerger(const EventMerger&) = delete;
    EventMerger& operator=(const EventMerger&) = delete;

    // Events in input order (per-article events as Extractor::extract returns them,
    // article after article): `seq` orders them and must grow with every call (see
    // event_seq). Throws Error when the temporary files cannot be written.
    void add(const event::Event& e, std::uint64_t seq);
    // Merges and hands every surviving event, in merge_events' order, to `sink`; call once.
    // Returns the number of events delivered.
    std::uint64_t finish(const std::function<void(event::Event&&)>& sink);
    std::uint64_t added() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace geoevent::pipeline
