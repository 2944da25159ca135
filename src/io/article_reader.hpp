#pragma once
// Line splitting that survives lines of any length: a line longer than the limit is
// consumed and reported as too long instead of being held in memory, so one runaway
// record (a base64 blob, a missing newline) cannot exhaust memory or stop the run.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace geoevent::io {
struct Article;
}

namespace geoevent::io::detail {

// Fills buf with up to n bytes; returns 0 at end of input.
using ReadFn = std::function<std::size_t(char* buf, std::size_t n)>;

class BoundedLineSplitter {
public:
    BoundedLineSplitter(ReadFn read, std::size_t max_line_bytes);
    // The next line without \n or \r\n. `too_long` is set (and `line` left empty) when
    // the line exceeded the limit; `bytes` is its real length either way.
    bool next(std::string& line, bool& too_long, std::size_t& bytes);
    std::uint64_t line_number() const noexcept { return m_line_number; }

private:
    bool fill();
    ReadFn m_read;
    std::size_t m_max;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    bool m_eof = false;
    std::uint64_t m_line_number = 0;
};

// parse_article_json on a line it may overwrite (strings are decoded in place): the same
// result and the same error messages, with fewer copies. `line` also grows by a few NULs.
// `utf8_checked`: the caller has already found the whole line valid UTF-8
// (text::is_valid_utf8), so RapidJSON need not check the strings' bytes again.
std::optional<std::string> parse_article_json_in_place(std::string& line, Article& article,
                                                       bool utf8_checked = false);

}  // namespace geoevent::io::detail
