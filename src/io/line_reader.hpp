#pragma once
// Line-by-line reading of any path GDAL's virtual file system can open. Compressed
// inputs are recognised by extension so users can pass `cities500.zip` as is.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace geoevent::io {

// Maps a user path to a GDAL virtual path: x.gz -> /vsigzip/x, x.zip -> /vsizip/x/<the
// single .txt member, or the member named after the archive>. Paths already starting
// with /vsi are returned unchanged. Throws InputError when a zip has no usable member.
std::string to_vsi_path(const std::string& path);

class LineReader {
public:
    // Throws InputError (with a hint) when the file cannot be opened.
    explicit LineReader(const std::string& path, std::size_t max_line_bytes = 64u << 20);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // The next line without its terminator (\n or \r\n); false at end of file. The view
    // stays valid until the next call. Throws InputError on a read error (a truncated
    // archive, for example) or a line longer than max_line_bytes.
    bool next(std::string_view& line);
    std::uint64_t line_number() const noexcept { return m_line_number; }
    std::uint64_t bytes_read() const noexcept { return m_bytes_read; }
    const std::string& path() const noexcept { return m_path; }

private:
    bool fill();
    std::string m_path;
    std::string m_vsi_path;
    void* m_file = nullptr;  // VSILFILE*, kept opaque so GDAL stays out of this header
    // Not zero-filled: a reader that sees a few lines (an overlay) should not pay for
    // clearing a megabyte it never uses.
    static constexpr std::size_t buffer_size = 1 << 20;
    std::unique_ptr<char[]> m_buffer;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    bool m_eof = false;
    std::string m_long_line;  // used only when a line spans buffer refills
    std::size_t m_max_line_bytes;
    std::uint64_t m_line_number = 0;
    std::uint64_t m_bytes_read = 0;
};

}  // namespace geoevent::io
