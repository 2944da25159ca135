#pragma once
// An anonymous temporary file for data too large to keep in memory while an index is
// built. It is created in the output's directory (the index is written there, so that
// disk has room for the build) and unlinked at once: nothing is left behind, even when
// the process is killed.
#include <cstdint>
#include <string>
#include <vector>

namespace geoevent::gazetteer::detail {

class SpillFile {
public:
    explicit SpillFile(const std::string& directory);
    ~SpillFile();
    SpillFile(const SpillFile&) = delete;
    SpillFile& operator=(const SpillFile&) = delete;

    void append(const void* data, std::size_t size);
    // Writes out what append() buffered; needed before read_at().
    void flush();
    std::uint64_t size() const noexcept { return m_size + m_buffer.size(); }
    void read_at(std::uint64_t offset, void* data, std::size_t size) const;

private:
    void fail(const std::string& what) const;
    std::string m_directory;
    int m_fd = -1;
    std::uint64_t m_size = 0;
    std::vector<char> m_buffer;
};

}  // namespace geoevent::gazetteer::detail
