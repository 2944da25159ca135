#pragma once
// A read-only memory mapping. The mapping keeps the inode alive, so a file renamed over
// the path later does not affect readers holding the old one.
#include <cstddef>
#include <string>

namespace geoevent::io {

class MappedFile {
public:
    MappedFile() = default;
    // Throws Error naming the path; callers add their own context and hint.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const unsigned char* data() const noexcept { return m_data; }
    std::size_t size() const noexcept { return m_size; }

private:
    const unsigned char* m_data = nullptr;
    std::size_t m_size = 0;
};

}  // namespace geoevent::io
