#include "gazetteer/section_writer.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "gazetteer/spill_file.hpp"
#include "io/atomic_file.hpp"

namespace geoevent::gazetteer::detail {

namespace {

constexpr std::size_t buffer_bytes = 4u << 20;
// One filling, the rest queued or being written: enough to ride out a slow write() while
// the caller keeps producing.
constexpr std::size_t buffer_count = 4;

}  // namespace

SectionWriter::SectionWriter(io::AtomicFile& out, std::uint64_t header_bytes)
    : m_out(out), m_buffers(buffer_count), m_handed(header_bytes),
      m_crc(static_cast<std::uint32_t>(crc32(0L, Z_NULL, 0))) {
    for (Buffer& b : m_buffers) b.bytes.resize(buffer_bytes);
    m_thread = std::thread([this] { drain(); });
}

SectionWriter::~SectionWriter() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void SectionWriter::drain() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return m_stop || !m_queue.empty(); });
        if (m_queue.empty()) return;  // stopping, and nothing left to write
        const std::size_t k = m_queue.front();
        m_queue.erase(m_queue.begin());
        const bool failed = static_cast<bool>(m_error);
        lock.unlock();
        std::exception_ptr error;
        if (!failed) {
            // After a failure the rest is dropped: the file is discarded anyway.
            try {
                const Buffer& b = m_buffers[k];
                m_crc = static_cast<std::uint32_t>(crc32(m_crc, reinterpret_cast<const Bytef*>(b.bytes.data()),
                                                         static_cast<uInt>(b.size)));
                m_out.write(b.bytes.data(), b.size);
            } catch (...) {
                error = std::current_exception();
            }
        }
        lock.lock();
        if (error && !m_error) m_error = error;
        --m_busy;
        m_changed.notify_all();
    }
}

void SectionWriter::rethrow_if_failed() {
    std::lock_guard lock(m_mutex);
    if (m_error) std::rethrow_exception(m_error);
}

void SectionWriter::hand_off() {
    if (m_fill == 0) return;
    std::unique_lock lock(m_mutex);
    if (m_error) std::rethrow_exception(m_error);
    m_buffers[m_current].size = m_fill;
    m_queue.push_back(m_current);
    ++m_busy;
    m_handed += m_fill;
    m_fill = 0;
    m_changed.notify_all();
    // The next buffer to fill is the one after it, in a ring: free once fewer than all
    // the others are still queued.
    m_changed.wait(lock, [&] { return m_busy < m_buffers.size() || m_error; });
    if (m_error) std::rethrow_exception(m_error);
    m_current = (m_current + 1) % m_buffers.size();
}

void SectionWriter::pad_to(std::uint64_t at) {
    static const char zeros[8] = {};
    while (position() < at) write(zeros, static_cast<std::size_t>(std::min<std::uint64_t>(8, at - position())));
}

void SectionWriter::write(const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const std::size_t n = std::min(size, buffer_bytes - m_fill);
        std::memcpy(m_buffers[m_current].bytes.data() + m_fill, p, n);
        m_fill += n;
        p += n;
        size -= n;
        if (m_fill == buffer_bytes) hand_off();
    }
}

void SectionWriter::copy(const SpillFile& from) {
    // Read straight into the buffers: no intermediate copy.
    for (std::uint64_t at = 0; at < from.size();) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(buffer_bytes - m_fill, from.size() - at));
        from.read_at(at, m_buffers[m_current].bytes.data() + m_fill, n);
        m_fill += n;
        at += n;
        if (m_fill == buffer_bytes) hand_off();
    }
}

void SectionWriter::flush() {
    hand_off();
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_busy == 0; });
    if (m_error) std::rethrow_exception(m_error);
}

}  // namespace geoevent::gazetteer::detail
