// libFuzzer target: one JSON Lines article record on arbitrary bytes (broken UTF-8,
// truncated JSON, wrong member types, huge numbers) — the reader must only reject.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "geoevent/io/article.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view line(reinterpret_cast<const char*>(data), size);
    geoevent::io::Article article;
    auto reason = geoevent::io::parse_article_json(line, article);
    // A record that parsed must describe spans inside its own text: the tagger trusts them.
    if (!reason && article.spans) {
        for (const auto& s : *article.spans)
            if (s.start > s.end) __builtin_trap();
    }
    return 0;
}
