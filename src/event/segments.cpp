#include "event/segments.hpp"

namespace geoevent::event::detail {

namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

std::vector<Segment> split_segments(std::string_view text, std::size_t max_bytes) {
    std::vector<Segment> out;
    Segment current;
    std::size_t cp = 0;
    std::size_t last_space = std::string_view::npos, last_space_cp = 0;
    auto cut = [&](std::size_t byte, std::size_t at_cp) {
        current.byte_end = byte;
        current.cp_end = at_cp;
        out.push_back(current);
        current = Segment{byte, 0, at_cp, 0};
        last_space = std::string_view::npos;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (is_continuation(c)) continue;  // code points are counted at their first byte
        std::size_t length = i - current.byte_begin;
        if (length >= max_bytes && i > 0) {
            char prev = text[i - 1];
            bool sentence_end = is_space(text[i]) && (prev == '.' || prev == '!' || prev == '?' || prev == '\n');
            if (sentence_end) cut(i, cp);
            else if (length >= 2 * max_bytes)
                last_space != std::string_view::npos ? cut(last_space, last_space_cp) : cut(i, cp);
        }
        if (is_space(text[i]) && i > current.byte_begin) last_space = i, last_space_cp = cp;
        ++cp;
    }
    current.byte_end = text.size();
    current.cp_end = cp;
    out.push_back(current);
    return out;
}

}  // namespace geoevent::event::detail
