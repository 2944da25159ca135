#pragma once
// Events on disk: the cross-document merge of a corpus of any size works on temporary
// files of events instead of holding them all in memory. Records are length-prefixed
// binary in host byte order (the machines of one run share an architecture; partial
// event files check it in their header).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "geoevent/event/event.hpp"

namespace geoevent::pipeline::detail {

// An event and its position in the input (the order a single in-memory run would see).
struct SpilledEvent {
    std::uint64_t seq = 0;
    event::Event event;
};

class SpillReader;

// Buffered writer of one spill file. Throws Error (with the path) on any I/O failure.
class SpillWriter {
public:
    // A named file, which stays after close() (for a SpillReader by path).
    SpillWriter(std::string path, std::size_t buffer_bytes);
    // An anonymous file in `dir`: unlinked as soon as it is created, so that a crashed or
    // killed process leaves nothing behind; read it back with into_reader().
    static SpillWriter anonymous(const std::string& dir, std::size_t buffer_bytes);
    SpillWriter(SpillWriter&& other) noexcept;
    ~SpillWriter();
    SpillWriter(const SpillWriter&) = delete;
    SpillWriter& operator=(const SpillWriter&) = delete;
    void write(std::uint64_t seq, const event::Event& e);
    void write_bytes(const std::string& bytes);  // e.g. a header before the first record
    void close();  // flushes; the file stays for a SpillReader
    // Anonymous files: flushes and hands the open file to a reader at its start.
    SpillReader into_reader();
    const std::string& path() const noexcept { return m_path; }
    std::uint64_t records() const noexcept { return m_records; }

private:
    SpillWriter() = default;
    std::string m_path;
    std::FILE* m_file = nullptr;
    std::vector<char> m_buffer;  // stdio buffer, owned here so its size is fixed
    std::string m_record;
    std::uint64_t m_records = 0;
};

class SpillReader {
public:
    SpillReader(std::string path, std::size_t buffer_bytes);
    SpillReader(SpillReader&& other) noexcept;
    ~SpillReader();
    SpillReader(const SpillReader&) = delete;
    SpillReader& operator=(const SpillReader&) = delete;
    // False at the end of the file; throws Error on a short or corrupt record.
    bool next(SpilledEvent& out);
    // Exactly n bytes (a header); throws Error when the file is shorter.
    std::string read_bytes(std::size_t n);

private:
    friend class SpillWriter;
    SpillReader() = default;
    std::string m_path;
    std::FILE* m_file = nullptr;
    std::vector<char> m_buffer;  // stays where it is when moved: the FILE* points into it
    std::string m_record;
};

// Merges runs that are each sorted by `before`, handing every event to `sink` in that
// order (a k-way merge with one record per run in memory). Returns the number delivered.
template <class Before, class Sink>
std::uint64_t merge_runs(std::vector<std::unique_ptr<SpillReader>>& runs, Before before, Sink sink) {
    struct Head {
        SpilledEvent value;
        std::size_t run;
    };
    auto later = [&](const Head& a, const Head& b) { return before(b.value, a.value); };
    std::priority_queue<Head, std::vector<Head>, decltype(later)> heap(later);
    for (std::size_t r = 0; r < runs.size(); ++r) {
        Head h{{}, r};
        if (runs[r]->next(h.value)) heap.push(std::move(h));
    }
    std::uint64_t delivered = 0;
    while (!heap.empty()) {
        Head h = std::move(const_cast<Head&>(heap.top()));  // popped right after
        heap.pop();
        std::size_t r = h.run;
        sink(std::move(h.value));
        ++delivered;
        Head next{{}, r};
        if (runs[r]->next(next.value)) heap.push(std::move(next));
    }
    return delivered;
}

}  // namespace geoevent::pipeline::detail
