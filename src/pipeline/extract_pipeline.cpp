#include "geoevent/pipeline/extract_pipeline.hpp"

#include <algorithm>
#include <memory>
#include <thread>

#include "geoevent/event/extractor.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/io/inputs.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "geoevent/toponym/lexicon.hpp"
#include "pipeline/worker_pool.hpp"

namespace geoevent::pipeline {

namespace {

struct Item {
    std::uint64_t ordinal = 0;
    io::Article article;
    event::ExtractResult result;
    std::size_t mentions = 0;
};

struct Batch {
    std::vector<Item> items;
    std::size_t bytes = 0;
};

// What one thread owns: the Geoparser caches gazetteer answers and is not thread-safe,
// so each thread gets its own (and its own Extractor, to share nothing mutable).
struct WorkerState {
    toponym::Geoparser parser;
    event::Extractor extractor;
};

}  // namespace

ExtractPipeline::ExtractPipeline(const gazetteer::Index& index, const toponym::Lexicon& toponyms,
                                 const event::EventLexicon& events, ExtractOptions options)
    : m_index(index), m_toponyms(toponyms), m_events(events), m_options(std::move(options)) {
    if (m_options.threads == 0) m_options.threads = std::max(1u, std::thread::hardware_concurrency());
    if (m_options.batch_articles == 0) m_options.batch_articles = 1;
}

ExtractStats ExtractPipeline::run(io::InputWalker& inputs, const EventsSink& on_events,
                                  const io::RejectSink& on_reject, const ProgressSink& on_progress) {
    const unsigned threads = m_options.threads;
    std::vector<std::unique_ptr<WorkerState>> states(threads);
    {
        // Each Geoparser hashes every spelling in the index (a tenth of a second on the
        // embedded gazetteer): built one after the other they would be the longest serial
        // step of a short run, so each thread builds its own.
        detail::WorkerPool builders(threads, [&](unsigned, std::size_t i) {
            states[i] = std::make_unique<WorkerState>(
                WorkerState{toponym::Geoparser(m_index, m_toponyms), event::Extractor(m_events)});
        });
        builders.start(threads);
        builders.wait();  // rethrows the first failure
    }
    auto process = [&](WorkerState& state, Item& item) {
        io::Article& a = item.article;
        if (!m_options.lang.empty()) a.lang = m_options.lang;
        if (a.lang.empty()) a.lang = m_toponyms.detect_language(a.text);
        auto mentions = state.parser.parse(a);
        item.mentions = mentions.size();
        item.result = state.extractor.extract(a, mentions, m_options.fallback_date);
    };

    ExtractStats stats;
    Batch reading, working;
    bool in_flight = false;
    auto emit = [&](Batch& batch) {
        for (auto& item : batch.items) {
            ++stats.processed;
            stats.text_bytes += item.article.text.size();
            stats.mentions += item.mentions;
            stats.events += item.result.events.size();
            stats.undated += item.result.date_missing;
            on_events(item.ordinal, std::move(item.result.events));
        }
        batch.items.clear();
        batch.bytes = 0;
        if (on_progress) on_progress(stats);
    };
    // Declared after the batches so it is destroyed (finishing its work) before them.
    std::unique_ptr<detail::WorkerPool> pool;
    if (threads > 1)
        pool = std::make_unique<detail::WorkerPool>(
            threads, [&](unsigned worker, std::size_t i) { process(*states[worker], working.items[i]); });

    // With one thread everything runs here; with more, the batch just read goes to the
    // pool while this thread emits the previous one and reads the next.
    auto flush = [&] {
        if (!pool) {
            for (auto& item : reading.items) process(*states[0], item);
            emit(reading);
            return;
        }
        if (in_flight) {
            pool->wait();
            emit(working);
        }
        std::swap(reading, working);
        in_flight = !working.items.empty();
        if (in_flight) pool->start(working.items.size());
    };

    std::string path;
    while (inputs.next(path)) {
        ++stats.files;
        io::read_articles(
            path, m_options.reader,
            [&](io::Article&& a) {
                ++stats.articles;
                stats.input_bytes += a.input_bytes;
                if (!m_options.shard.contains(a.id)) {
                    ++stats.other_shard;
                    return;
                }
                if (m_options.skip_ids && m_options.skip_ids->count(a.id)) {
                    ++stats.already_done;
                    return;
                }
                reading.bytes += a.text.size();
                reading.items.push_back(Item{stats.articles - 1, std::move(a), {}, 0});
                if (reading.items.size() >= m_options.batch_articles || reading.bytes >= m_options.batch_bytes)
                    flush();
            },
            [&](const io::Reject& r) {
                ++stats.rejected;
                if (on_reject) on_reject(r);
            });
    }
    flush();  // the last partial batch
    if (pool && in_flight) {
        pool->wait();
        emit(working);
    }
    return stats;
}

}  // namespace geoevent::pipeline
