#pragma once
// Articles as they come in: plain-text files (one article each) or JSON Lines (one per
// line). One bad record never stops a run: it is reported as a Reject with its file and
// line and skipped, unless the caller asks for strict reading.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace geoevent::io {

// Code-point offsets into Article::text, end exclusive (Python's text[start:end]).
struct Span {
    std::size_t start = 0;
    std::size_t end = 0;
};

struct Article {
    std::string id;
    std::string text;
    std::string date;   // as given (ISO 8601 expected), empty when absent
    std::string lang;   // "fr", "en", … or empty (the caller may detect it)
    std::string title;
    std::string url;
    // Mentions the user already found (bring-your-own NER): resolve these, detect nothing.
    std::optional<std::vector<Span>> spans;
    std::string source;       // file it came from ("-" for stdin)
    std::uint64_t line = 0;   // 1-based line in a JSON Lines file; 0 for a text file
    std::uint64_t input_bytes = 0;  // bytes it took in the (decompressed) input, for progress
};

struct Reject {
    std::string file;
    std::uint64_t line = 0;  // 0 for a whole text file
    std::string id;          // when it could be read
    std::string reason;
};

enum class InputFormat : std::uint8_t { automatic, text, json_lines };

struct ReaderOptions {
    InputFormat format = InputFormat::automatic;  // automatic: .jsonl/.ndjson/.json/- are JSON Lines
    std::size_t max_article_bytes = 10u << 20;
    bool strict = false;  // first rejected record throws InputError instead
    // Problems that do not stop a record (a `date` that is not a date: the article is read
    // without it, so its events are dated from the text, at a lower precision).
    std::function<void(const Reject&)> on_warning;
};

using ArticleSink = std::function<void(Article&&)>;
using RejectSink = std::function<void(const Reject&)>;

// Reads one input ("-" is stdin, .gz is decompressed) and hands every good article to
// `on_article` as soon as it is read, so memory stays bounded by one article. Throws
// InputError when the file cannot be opened, or on the first reject when strict.
// Returns the number of articles delivered.
std::uint64_t read_articles(const std::string& path, const ReaderOptions& options,
                            const ArticleSink& on_article, const RejectSink& on_reject);

// Parses one JSON Lines record. Returns the reason on failure (the article is untouched).
std::optional<std::string> parse_article_json(std::string_view line, Article& article);

}  // namespace geoevent::io
