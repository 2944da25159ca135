#include "gazetteer/posting_sort.hpp"

#include <algorithm>
#include <queue>

namespace geoevent::gazetteer::detail {

bool posting_less(const Posting& a, const Posting& b) noexcept {
    if (a.hash != b.hash) return a.hash < b.hash;
    if (a.place != b.place) return a.place < b.place;
    return a.kind == 1 && b.kind == 1 && a.flat < b.flat;
}

bool posting_duplicate(const Posting& a, const Posting& b) noexcept {
    return a.hash == b.hash && a.place == b.place && (a.kind != 1 || a.flat == b.flat);
}

PostingSorter::PostingSorter(std::string spill_directory, std::size_t budget_bytes)
    : m_directory(std::move(spill_directory)),
      m_capacity(std::max<std::size_t>(budget_bytes / sizeof(Posting), 1024)) {}

PostingSorter::~PostingSorter() {
    if (m_spilling.valid()) m_spilling.wait();
}

void PostingSorter::spill() {
    // One run at a time in flight: runs reach the file, and m_runs, in order.
    if (m_spilling.valid()) m_spilling.get();
    if (!m_file) m_file = std::make_unique<SpillFile>(m_directory);
    std::swap(m_buffer, m_sorting);
    m_spilling = std::async(std::launch::async, [this] {
        std::stable_sort(m_sorting.begin(), m_sorting.end(), posting_less);
        std::uint64_t first = m_file->size() / sizeof(Posting);
        m_file->append(m_sorting.data(), m_sorting.size() * sizeof(Posting));
        m_runs.emplace_back(first, m_sorting.size());
        m_sorting.clear();
    });
    // Both buffers are refilled to the same size for every run: no regrowth, no copies.
    if (m_buffer.capacity() < m_capacity) m_buffer.reserve(m_capacity);
}

namespace {

// Streams one sorted run back from the spill file (or from memory for the last one).
class RunReader {
public:
    RunReader(const SpillFile* file, std::uint64_t first, std::uint64_t count, const Posting* memory)
        : m_file(file), m_next(first), m_left(count), m_memory(memory) {}
    const Posting& head() const noexcept { return m_memory ? m_memory[m_pos] : m_chunk[m_pos]; }
    // Makes head() valid; false at the end of the run.
    bool fill() {
        if (m_memory) return m_pos < m_left;
        if (m_pos < m_chunk.size()) return true;
        if (m_left == 0) return false;
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(m_left, chunk_postings));
        m_chunk.resize(n);
        m_file->read_at(m_next * sizeof(Posting), m_chunk.data(), n * sizeof(Posting));
        m_next += n;
        m_left -= n;
        m_pos = 0;
        return true;
    }
    bool advance() {
        ++m_pos;
        return fill();
    }

private:
    static constexpr std::size_t chunk_postings = 1u << 16;
    const SpillFile* m_file;
    std::uint64_t m_next;
    std::uint64_t m_left;
    const Posting* m_memory;
    std::vector<Posting> m_chunk;
    std::size_t m_pos = 0;
};

}  // namespace

std::uint64_t PostingSorter::finish(const std::function<void(const Posting*, std::size_t)>& emit) {
    if (m_spilling.valid()) m_spilling.get();
    m_sorting = {};
    std::stable_sort(m_buffer.begin(), m_buffer.end(), posting_less);
    std::vector<Posting> out;
    out.reserve(1u << 16);
    std::uint64_t total = 0;
    // Duplicates are dropped against the last posting kept, which may already be emitted.
    Posting last{};
    bool have_last = false;
    auto flush = [&] {
        if (out.empty()) return;
        emit(out.data(), out.size());
        total += out.size();
        out.clear();
    };
    auto take = [&](const Posting& p) {
        if (have_last && posting_duplicate(last, p)) return;
        last = p;
        have_last = true;
        out.push_back(p);
        if (out.size() == out.capacity()) flush();
    };

    if (m_runs.empty()) {
        for (const Posting& p : m_buffer) take(p);
        flush();
        m_buffer = {};
        return total;
    }
    if (m_file) m_file->flush();
    std::vector<RunReader> readers;
    readers.reserve(m_runs.size() + 1);
    for (auto& [first, count] : m_runs) readers.emplace_back(m_file.get(), first, count, nullptr);
    // The postings still in memory came last, so they are the last run.
    if (!m_buffer.empty()) readers.emplace_back(nullptr, 0, m_buffer.size(), m_buffer.data());

    // Min-heap of run numbers by head; equal heads go to the earlier run (stability).
    auto later = [&](std::size_t a, std::size_t b) {
        const Posting& pa = readers[a].head();
        const Posting& pb = readers[b].head();
        if (posting_less(pb, pa)) return true;
        if (posting_less(pa, pb)) return false;
        return a > b;
    };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> heap(later);
    for (std::size_t r = 0; r < readers.size(); ++r)
        if (readers[r].fill()) heap.push(r);
    while (!heap.empty()) {
        std::size_t r = heap.top();
        heap.pop();
        take(readers[r].head());
        if (readers[r].advance()) heap.push(r);
    }
    flush();
    m_buffer = {};
    return total;
}

}  // namespace geoevent::gazetteer::detail
