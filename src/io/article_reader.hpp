#pragma once
// Line splitting that survives lines of any length: a line longer than the limit is
// consumed and reported as too long instead of being held in memory, so one runaway
// record (a base64 blob, a missing newline) cannot exhaust memory or stop the run.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
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
    // next() without the copy when the whole line lies in the read buffer: `line` views it
    // (or a string of the splitter's) until the next call.
    bool next_view(std::string_view& line, bool& too_long, std::size_t& bytes);
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
    std::string m_assembled;  // next_view()'s line when it spans two reads
};

// parse_article_json on a line it may overwrite (strings are decoded in place): the same
// result and the same error messages, with fewer copies. `line` also grows by a few NULs.
// `utf8_checked`: the caller has already found the whole line valid UTF-8
// (text::is_valid_utf8), so RapidJSON need not check the strings' bytes again.
std::optional<std::string> parse_article_json_in_place(std::string& line, Article& article,
                                                       bool utf8_checked = false);

// The common record (an object of string members, valid UTF-8, with "text", without
// "spans") read in one pass without RapidJSON, for a fresh `article`. True when it read the
// line: the article is then what parse_article_json gives. False for anything else, with
// `article` in an unspecified state: the caller takes the usual checks and parser, which
// decide, with their messages (article_json_fast.cpp).
bool parse_article_json_fast(std::string_view line, Article& article);

}  // namespace geoevent::io::detail
