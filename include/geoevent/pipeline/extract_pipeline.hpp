#pragma once
// The extraction stage of `geoevent extract` for any number of articles: reads inputs as
// a stream, extracts events from batches of articles on several threads, and hands each
// article's events on in input order, so the result does not depend on the number of
// threads. Memory is bounded by two batches (one being read, one being extracted).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "geoevent/date.hpp"
#include "geoevent/event/event.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/pipeline/shard.hpp"

namespace geoevent::gazetteer {
class Index;
}
namespace geoevent::toponym {
class Lexicon;
}
namespace geoevent::event {
class EventLexicon;
}
namespace geoevent::io {
class InputWalker;
}

namespace geoevent::pipeline {

struct ExtractOptions {
    unsigned threads = 0;  // 0: every core
    std::size_t batch_articles = 512;
    std::size_t batch_bytes = 4u << 20;  // of article text
    std::string lang;                    // forced language, empty: the article's or detected
    std::optional<Date> fallback_date;
    io::ReaderOptions reader;
    Shard shard;
    // Articles whose id is here are skipped (`--resume`); not owned, may be null.
    const std::unordered_set<std::string>* skip_ids = nullptr;
};

struct ExtractStats {
    std::uint64_t files = 0;
    std::uint64_t articles = 0;        // read and valid, whether processed or skipped
    std::uint64_t processed = 0;
    std::uint64_t other_shard = 0;     // skipped: belongs to another --shard
    std::uint64_t already_done = 0;    // skipped: source_id already in the target (--resume)
    std::uint64_t rejected = 0;        // skipped: unreadable record (see the reject sink)
    std::uint64_t text_bytes = 0;      // of the processed articles
    std::uint64_t input_bytes = 0;     // of every article read (decompressed), for progress
    std::uint64_t mentions = 0;
    std::uint64_t events = 0;          // per article, before merging across articles
    std::uint64_t undated = 0;         // articles without any date
};

// `article` is the article's 0-based ordinal among all articles read, skipped ones included.
using EventsSink = std::function<void(std::uint64_t article, std::vector<event::Event>&&)>;
using ProgressSink = std::function<void(const ExtractStats&)>;

class ExtractPipeline {
public:
    // Index and lexicons are shared read-only by every thread and must outlive the pipeline.
    ExtractPipeline(const gazetteer::Index& index, const toponym::Lexicon& toponyms, const event::EventLexicon& events,
                    ExtractOptions options);

    // Reads every input of `inputs`; `on_events` gets each processed article's events
    // (possibly none) in input order, on the calling thread, and so do `on_reject` and
    // `on_progress` (after each batch). Throws what reading or extraction throws.
    ExtractStats run(io::InputWalker& inputs, const EventsSink& on_events, const io::RejectSink& on_reject,
                     const ProgressSink& on_progress = {});

    unsigned threads() const noexcept { return m_options.threads; }

private:
    const gazetteer::Index& m_index;
    const toponym::Lexicon& m_toponyms;
    const event::EventLexicon& m_events;
    ExtractOptions m_options;
};

}  // namespace geoevent::pipeline
