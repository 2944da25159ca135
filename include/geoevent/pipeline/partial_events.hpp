#pragma once
// Scale-out in two steps whose result equals one run over the whole corpus.
//
// Merging events across articles needs every article about a place, but --shard splits
// articles by id, so shards that each merged and wrote their own events would split one
// event told by articles of two shards into two rows. Instead:
//   1. each shard (by article id) extracts and writes its per-article events, with their
//      position in the input, to a partial file `DIR/shard-I-of-N.events` (published by
//      rename only when complete: a killed shard leaves nothing, and is simply re-run);
//   2. each merge shard (by place) reads all partial files in input order, merges the
//      events of its places and writes them with the idempotent --append writer.
// Every shard must be given the same INPUT list, so that article positions agree.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "geoevent/event/event.hpp"
#include "geoevent/pipeline/shard.hpp"

namespace geoevent::pipeline {

class PartialWriter {
public:
    // Creates DIR if needed and a temporary file in it. Throws Error when it cannot.
    PartialWriter(const std::string& dir, Shard shard);
    ~PartialWriter();  // without commit(): removes the temporary file
    PartialWriter(const PartialWriter&) = delete;
    PartialWriter& operator=(const PartialWriter&) = delete;

    void add(std::uint64_t seq, const event::Event& e);
    // Flushes, syncs and renames the file to its final name, replacing an earlier attempt.
    void commit();
    const std::string& path() const noexcept { return m_final; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_final;
};

std::string partial_file_name(Shard shard);

// Every event of the partial files in DIR, in input order (by seq). Throws Error (with
// a hint naming the shard to re-run) unless DIR holds exactly one complete file for each
// of the N shards.
std::uint64_t read_partials(const std::string& dir,
                            const std::function<void(std::uint64_t seq, event::Event&&)>& sink);

}  // namespace geoevent::pipeline
