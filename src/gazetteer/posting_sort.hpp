#pragma once
// Sorts the index's postings in bounded memory: postings are collected up to a budget,
// each full batch is stable-sorted and spilled to a temporary file as a run, and the runs
// are merged (k-way) into the final order; a run is sorted and written on a second thread
// while the next one is collected. Ties between runs go to the earlier run, so the
// result, duplicates dropped, is exactly what one stable sort of everything would give.
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "gazetteer/index_format.hpp"
#include "gazetteer/spill_file.hpp"

namespace geoevent::gazetteer::detail {

// Index order: by hash, then place; loose postings of one place also by flat spelling.
bool posting_less(const Posting& a, const Posting& b) noexcept;
// One exact posting per (key, place); loose ones per (key, place, flat spelling).
bool posting_duplicate(const Posting& a, const Posting& b) noexcept;

class PostingSorter {
public:
    // `spill_directory` holds the runs; `budget_bytes` bounds the postings kept in memory.
    PostingSorter(std::string spill_directory, std::size_t budget_bytes);
    ~PostingSorter();

    void add(const Posting& p) {
        m_buffer.push_back(p);
        if (m_buffer.size() >= m_capacity) spill();
    }
    // Calls `emit` with every posting in index order, duplicates dropped; returns how many.
    std::uint64_t finish(const std::function<void(const Posting*, std::size_t)>& emit);
    // Runs spilled so far (waits for the one being written).
    std::size_t runs() {
        if (m_spilling.valid()) m_spilling.get();
        return m_runs.size();
    }

private:
    void spill();

    std::string m_directory;
    std::size_t m_capacity;
    std::vector<Posting> m_buffer;
    // A full buffer is sorted and written on another thread while the next one fills.
    std::vector<Posting> m_sorting;
    std::vector<Posting> m_scratch;  // the sort's second buffer, reused run after run
    std::future<void> m_spilling;
    std::unique_ptr<SpillFile> m_file;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> m_runs;  // first posting, count
};

}  // namespace geoevent::gazetteer::detail
