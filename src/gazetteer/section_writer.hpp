#pragma once
// Writes an index's sections after the header in file order, with the running CRC-32 of
// everything it wrote (the header is not covered). The CRC and the write() calls run on a
// second thread, on full buffers handed over by the caller: at allCountries scale they
// are ~12 GB each, and the caller's k-way merge would otherwise wait for both.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace geoevent::io {
class AtomicFile;
}

namespace geoevent::gazetteer::detail {

class SpillFile;

class SectionWriter {
public:
    // Bytes go to `out` after the header (which the caller wrote first).
    SectionWriter(io::AtomicFile& out, std::uint64_t header_bytes);
    ~SectionWriter();
    SectionWriter(const SectionWriter&) = delete;
    SectionWriter& operator=(const SectionWriter&) = delete;

    std::uint64_t position() const noexcept { return m_handed + m_fill; }
    void pad_to(std::uint64_t at);
    void write(const void* data, std::size_t size);
    void copy(const SpillFile& from);
    // Waits until every byte is written; rethrows the first write error.
    void flush();
    // The CRC-32 of every byte written (call after flush()).
    std::uint32_t crc() const noexcept { return m_crc; }

private:
    struct Buffer {
        std::vector<char> bytes;
        std::size_t size = 0;
    };
    void hand_off();
    void drain();
    void rethrow_if_failed();

    io::AtomicFile& m_out;
    std::vector<Buffer> m_buffers;
    std::size_t m_current = 0;  // the buffer the caller fills
    std::size_t m_fill = 0;     // bytes in it
    std::uint64_t m_handed;     // file position of its first byte

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::size_t> m_queue;  // handed-off buffers, oldest first
    std::size_t m_busy = 0;            // buffers handed off and not yet written
    bool m_stop = false;
    std::exception_ptr m_error;
    std::uint32_t m_crc;
    std::thread m_thread;
};

}  // namespace geoevent::gazetteer::detail
