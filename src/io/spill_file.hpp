#pragma once
// An anonymous temporary file for data too large to keep in memory (sorted runs of an
// index build, of the sources table). It is unlinked as soon as it is created: nothing is
// left behind, even when the process is killed.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace geoevent::io {

class SpillFile {
public:
    // `fail` is called with a message naming the directory and the system's reason; it must
    // throw (each user throws its own error type, with its own hint). Appends are written
    // out `buffer_bytes` at a time.
    using Fail = std::function<void(const std::string& message)>;
    SpillFile(const std::string& directory, Fail fail, std::size_t buffer_bytes = 4u << 20);
    ~SpillFile();
    SpillFile(const SpillFile&) = delete;
    SpillFile& operator=(const SpillFile&) = delete;

    void append(const void* data, std::size_t size);
    // Writes out what append() buffered; needed before read_at().
    void flush();
    std::uint64_t size() const noexcept { return m_size + m_buffer.size(); }
    void read_at(std::uint64_t offset, void* data, std::size_t size) const;

private:
    [[noreturn]] void fail(const std::string& what) const;
    std::string m_directory;
    Fail m_fail;
    std::size_t m_buffer_bytes;
    int m_fd = -1;
    std::uint64_t m_size = 0;
    std::vector<char> m_buffer;
};

}  // namespace geoevent::io
