#include "gazetteer/posting_sort.hpp"

#include <algorithm>

namespace geoevent::gazetteer::detail {

bool posting_less(const Posting& a, const Posting& b) noexcept {
    if (a.hash != b.hash) return a.hash < b.hash;
    if (a.place != b.place) return a.place < b.place;
    return a.kind == 1 && b.kind == 1 && a.flat < b.flat;
}

bool posting_duplicate(const Posting& a, const Posting& b) noexcept {
    return a.hash == b.hash && a.place == b.place && (a.kind != 1 || a.flat == b.flat);
}

namespace {

// Stable sort of a run: a counting pass on the hash's top bits moves the postings into
// buckets of a few thousand (kept in order), then each bucket is stable-sorted while it
// fits in the cache. The same order as one std::stable_sort, with about half of its
// comparisons and far fewer cache misses; `scratch` ends up holding the input.
void sort_run(std::vector<Posting>& run, std::vector<Posting>& scratch) {
    const std::size_t n = run.size();
    if (n < 8192) {
        std::stable_sort(run.begin(), run.end(), posting_less);
        return;
    }
    unsigned bits = 1;
    while (bits < 16 && (n >> bits) > 2048) ++bits;
    const unsigned shift = 64 - bits;
    std::vector<std::size_t> start((std::size_t{1} << bits) + 1, 0);
    for (const Posting& p : run) ++start[(p.hash >> shift) + 1];
    for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    scratch.resize(n);
    std::vector<std::size_t> at(start.begin(), start.end() - 1);
    for (const Posting& p : run) scratch[at[p.hash >> shift]++] = p;
    for (std::size_t b = 0; b + 1 < start.size(); ++b)
        if (start[b + 1] - start[b] > 1)
            std::stable_sort(scratch.begin() + static_cast<std::ptrdiff_t>(start[b]),
                             scratch.begin() + static_cast<std::ptrdiff_t>(start[b + 1]), posting_less);
    run.swap(scratch);
}

}  // namespace

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
        sort_run(m_sorting, m_scratch);
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
    sort_run(m_buffer, m_scratch);
    m_scratch = {};
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

    // A tournament tree of losers: each step replays only the path of the run that won,
    // one comparison per level (a binary heap needs about two). Equal heads go to the
    // earlier run (stability); an exhausted run loses to every other.
    const std::size_t k = readers.size();
    std::vector<char> live(k);
    for (std::size_t r = 0; r < k; ++r) live[r] = readers[r].fill();
    auto beats = [&](std::size_t a, std::size_t b) {
        if (!live[a] || !live[b]) return live[a] && !live[b];
        const Posting& pa = readers[a].head();
        const Posting& pb = readers[b].head();
        if (pa.hash != pb.hash) return pa.hash < pb.hash;
        if (posting_less(pa, pb)) return true;
        if (posting_less(pb, pa)) return false;
        return a < b;
    };
    // Node n (1 .. k-1) keeps the loser of the match between its subtrees; leaf r is node
    // k + r. The winner of the whole tournament is kept apart.
    std::vector<std::size_t> loser(k, 0);
    std::size_t winner = 0;
    {
        std::vector<std::size_t> won(2 * k);
        for (std::size_t r = 0; r < k; ++r) won[k + r] = r;
        for (std::size_t n = k - 1; n >= 1; --n) {
            const std::size_t a = won[2 * n], b = won[2 * n + 1];
            const bool a_wins = beats(a, b);
            won[n] = a_wins ? a : b;
            loser[n] = a_wins ? b : a;
        }
        winner = k > 1 ? won[1] : 0;
    }
    while (live[winner]) {
        take(readers[winner].head());
        live[winner] = readers[winner].advance();
        std::size_t w = winner;
        for (std::size_t n = (k + w) / 2; n >= 1; n /= 2)
            if (beats(loser[n], w)) std::swap(loser[n], w);
        winner = w;
    }
    flush();
    m_buffer = {};
    return total;
}

}  // namespace geoevent::gazetteer::detail
