// libFuzzer target: one JSON Lines article record on arbitrary bytes (broken UTF-8,
// truncated JSON, wrong member types, huge numbers) — the reader must only reject. Both
// parsers run: the copying one (public) and the in-place one the file reader uses, which
// must give the same article or the same message; on valid UTF-8 the in-place one also runs
// as the file reader calls it, trusting the line's UTF-8 check instead of RapidJSON's; the
// fast reader (no RapidJSON) must only take lines RapidJSON reads the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "geoevent/io/article.hpp"
#include "io/article_reader.hpp"
#include "text/utf8.hpp"

namespace {

bool same(const geoevent::io::Article& a, const geoevent::io::Article& b) {
    if (a.id != b.id || a.text != b.text || a.date != b.date || a.lang != b.lang || a.title != b.title ||
        a.url != b.url || a.spans.has_value() != b.spans.has_value())
        return false;
    if (!a.spans) return true;
    if (a.spans->size() != b.spans->size()) return false;
    for (std::size_t i = 0; i < a.spans->size(); ++i)
        if ((*a.spans)[i].start != (*b.spans)[i].start || (*a.spans)[i].end != (*b.spans)[i].end) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view line(reinterpret_cast<const char*>(data), size);
    geoevent::io::Article article;
    auto reason = geoevent::io::parse_article_json(line, article);
    // A record that parsed must describe spans inside its own text: the tagger trusts them.
    if (!reason && article.spans) {
        for (const auto& s : *article.spans)
            if (s.start > s.end) __builtin_trap();
    }
    std::string copy(line);  // in-situ parsing writes into its input
    geoevent::io::Article in_place;
    auto in_place_reason = geoevent::io::detail::parse_article_json_in_place(copy, in_place);
    if (reason != in_place_reason || (!reason && !same(article, in_place))) __builtin_trap();
    if (geoevent::text::is_valid_utf8(line)) {
        std::string again(line);
        geoevent::io::Article checked;
        auto checked_reason = geoevent::io::detail::parse_article_json_in_place(again, checked, true);
        if (reason != checked_reason || (!reason && !same(article, checked))) __builtin_trap();
    }
    // The fast reader may take a line only if it is valid UTF-8 and RapidJSON reads it alike.
    geoevent::io::Article fast;
    if (geoevent::io::detail::parse_article_json_fast(line, fast) &&
        (reason || !geoevent::text::is_valid_utf8(line) || !same(article, fast)))
        __builtin_trap();
    return 0;
}
