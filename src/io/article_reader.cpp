#include "io/article_reader.hpp"

#include <cpl_vsi.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cstdio>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "geoevent/date.hpp"
#include "geoevent/error.hpp"
#include "geoevent/io/article.hpp"
#include "io/line_reader.hpp"
#include "text/utf8.hpp"

namespace geoevent::io {

namespace detail {

BoundedLineSplitter::BoundedLineSplitter(ReadFn read, std::size_t max_line_bytes)
    : m_read(std::move(read)), m_max(max_line_bytes), m_buffer(1u << 20) {}

bool BoundedLineSplitter::fill() {
    if (m_eof) return false;
    std::size_t n = m_read(m_buffer.data(), m_buffer.size());
    m_begin = 0;
    m_end = n;
    if (n == 0) m_eof = true;
    return n > 0;
}

bool BoundedLineSplitter::next(std::string& line, bool& too_long, std::size_t& bytes) {
    line.clear();
    too_long = false;
    bytes = 0;
    bool any = false;
    for (;;) {
        if (m_begin == m_end && !fill()) {
            if (!any) return false;
            break;
        }
        any = true;
        const char* start = m_buffer.data() + m_begin;
        std::size_t avail = m_end - m_begin;
        auto* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
        std::size_t take = nl ? static_cast<std::size_t>(nl - start) : avail;
        bytes += take;
        if (!too_long) {
            if (line.size() + take > m_max + 1) {  // +1: a trailing \r is not content
                too_long = true;
                line.clear();
                line.shrink_to_fit();
            } else {
                line.append(start, take);
            }
        }
        m_begin += take;
        if (nl) {
            ++m_begin;
            break;
        }
    }
    ++m_line_number;
    if (!too_long && !line.empty() && line.back() == '\r') {
        line.pop_back();
        --bytes;
    }
    if (!too_long && line.size() > m_max) {
        too_long = true;
        line.clear();
    }
    return true;
}

bool BoundedLineSplitter::next_view(std::string_view& line, bool& too_long, std::size_t& bytes) {
    const char* start = m_buffer.data() + m_begin;
    const std::size_t avail = m_end - m_begin;
    const auto* nl = avail ? static_cast<const char*>(std::memchr(start, '\n', avail)) : nullptr;
    if (!nl) {
        // The line goes on past this read (or the input ends): next() assembles it.
        if (!next(m_assembled, too_long, bytes)) return false;
        line = m_assembled;
        return true;
    }
    // What next() decides for a line found whole, in the same order.
    std::size_t take = static_cast<std::size_t>(nl - start);
    m_begin += take + 1;
    ++m_line_number;
    bytes = take;
    too_long = take > m_max + 1;
    if (!too_long) {
        if (take > 0 && start[take - 1] == '\r') {
            --take;
            --bytes;
        }
        too_long = take > m_max;
    }
    line = too_long ? std::string_view() : std::string_view(start, take);
    return true;
}

}  // namespace detail

namespace {

struct VsiCloser {
    void operator()(VSILFILE* f) const noexcept { VSIFCloseL(f); }
};
using VsiFile = std::unique_ptr<VSILFILE, VsiCloser>;

VsiFile open_input(const std::string& path) {
    VsiFile f(VSIFOpenL(to_vsi_path(path).c_str(), "rb"));
    if (!f)
        throw InputError(path, 0, "cannot open the file",
                         "check that the path exists and is readable");
    return f;
}

detail::ReadFn reader_for(const std::string& path, VsiFile& holder) {
    if (path == "-")
        return [](char* buf, std::size_t n) {
            std::cin.read(buf, static_cast<std::streamsize>(n));
            return static_cast<std::size_t>(std::cin.gcount());
        };
    holder = open_input(path);
    VSILFILE* f = holder.get();
    return [f](char* buf, std::size_t n) { return VSIFReadL(buf, 1, n, f); };
}

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_json_lines(const std::string& path) {
    std::string p = path;
    if (ends_with(p, ".gz")) p.resize(p.size() - 3);
    return p == "-" || ends_with(p, ".jsonl") || ends_with(p, ".ndjson") || ends_with(p, ".json");
}

bool is_blank(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    return true;
}

std::string string_member(const rapidjson::Value& obj, const char* key) {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd() || !it->value.IsString()) return {};
    return {it->value.GetString(), it->value.GetStringLength()};
}

class Delivery {
public:
    Delivery(const ReaderOptions& options, const RejectSink& on_reject)
        : m_options(options), m_on_reject(on_reject) {}
    void reject(const std::string& file, std::uint64_t line, std::string id, std::string reason) {
        if (m_options.strict)
            throw InputError(file, line, reason + (id.empty() ? "" : " (article '" + id + "')"),
                             "fix or remove the record, or run without --strict to skip it");
        if (m_on_reject) m_on_reject(Reject{file, line, std::move(id), std::move(reason)});
    }

private:
    const ReaderOptions& m_options;
    const RejectSink& m_on_reject;
};

std::string size_reason(std::size_t bytes, std::size_t max) {
    return "article of " + std::to_string(bytes) + " bytes is longer than the limit of " +
           std::to_string(max) + " bytes";
}

std::uint64_t read_json_lines(const std::string& path, const ReaderOptions& options,
                              const ArticleSink& on_article, Delivery& delivery) {
    VsiFile holder;
    detail::BoundedLineSplitter lines(reader_for(path, holder), options.max_article_bytes);
    std::string_view view;
    std::string line;  // a copy to parse in place, for records the fast reader leaves
    bool too_long = false;
    std::size_t bytes = 0;
    std::uint64_t delivered = 0;
    while (lines.next_view(view, too_long, bytes)) {
        auto n = lines.line_number();
        if (too_long) {
            delivery.reject(path, n, {}, size_reason(bytes, options.max_article_bytes));
            continue;
        }
        Article a;
        // A record the fast reader takes is neither blank nor invalid UTF-8 nor malformed,
        // so the checks below would all have passed.
        if (!detail::parse_article_json_fast(view, a)) {
            if (is_blank(view)) {
                delivery.reject(path, n, {}, "empty line");
                continue;
            }
            if (!text::is_valid_utf8(view)) {
                delivery.reject(path, n, {}, "invalid UTF-8");
                continue;
            }
            a = Article{};
            line.assign(view);
            if (auto err = detail::parse_article_json_in_place(line, a, /*utf8_checked=*/true)) {
                delivery.reject(path, n, a.id, *err);
                continue;
            }
        }
        if (a.id.empty()) a.id = std::filesystem::path(path).filename().string() + ":" + std::to_string(n);
        if (!a.date.empty() && !Date::parse_iso(std::string_view(a.date).substr(0, 10))) {
            if (options.on_warning)
                options.on_warning({path, n, a.id,
                                    "date '" + a.date + "' is not a date (YYYY-MM-DD); the article is read without it"});
            a.date.clear();
        }
        a.source = path;
        a.line = n;
        a.input_bytes = bytes + 1;  // and its newline
        ++delivered;
        on_article(std::move(a));
    }
    return delivered;
}

std::uint64_t read_text_file(const std::string& path, const ReaderOptions& options,
                             const ArticleSink& on_article, Delivery& delivery) {
    VsiFile holder;
    auto read = reader_for(path, holder);
    std::string id = path == "-" ? "stdin" : std::filesystem::path(path).filename().string();
    Article a;
    std::vector<char> buf(1u << 20);
    std::size_t total = 0;
    for (std::size_t n; (n = read(buf.data(), buf.size())) > 0;) {
        total += n;
        if (total <= options.max_article_bytes) a.text.append(buf.data(), n);
    }
    if (total > options.max_article_bytes) {
        delivery.reject(path, 0, id, size_reason(total, options.max_article_bytes));
        return 0;
    }
    if (is_blank(a.text)) {
        delivery.reject(path, 0, id, "empty file");
        return 0;
    }
    if (!text::is_valid_utf8(a.text)) {
        delivery.reject(path, 0, id, "invalid UTF-8");
        return 0;
    }
    a.id = std::move(id);
    a.source = path;
    a.input_bytes = total;
    on_article(std::move(a));
    return 1;
}

}  // namespace

namespace {

// The record's fields from its parsed document (whichever way it was parsed).
// `skipped`: bytes before where the parse began, so that offsets count from the line start.
template <class Document>
std::optional<std::string> article_from_document(const Document& doc, Article& article, std::size_t skipped = 0) {
    if (doc.HasParseError())
        return std::string("malformed JSON at byte ") + std::to_string(doc.GetErrorOffset() + skipped) + ": " +
               rapidjson::GetParseError_En(doc.GetParseError());
    if (!doc.IsObject()) return std::string("not a JSON object");
    // The id first, so a later error can name the article.
    if (auto it = doc.FindMember("id"); it != doc.MemberEnd()) {
        if (it->value.IsString()) article.id.assign(it->value.GetString(), it->value.GetStringLength());
        else if (it->value.IsUint64()) article.id = std::to_string(it->value.GetUint64());
        else if (it->value.IsInt64()) article.id = std::to_string(it->value.GetInt64());
    }
    auto text = doc.FindMember("text");
    if (text == doc.MemberEnd()) return std::string("missing \"text\"");
    if (!text->value.IsString()) return std::string("\"text\" is not a string");
    article.text.assign(text->value.GetString(), text->value.GetStringLength());
    article.date = string_member(doc, "date");
    article.lang = string_member(doc, "lang");
    article.title = string_member(doc, "title");
    article.url = string_member(doc, "url");
    if (auto it = doc.FindMember("spans"); it != doc.MemberEnd() && !it->value.IsNull()) {
        if (!it->value.IsArray()) return std::string("\"spans\" is not an array");
        std::vector<Span> spans;
        auto limit = text::count_code_points(article.text);
        for (auto& s : it->value.GetArray()) {
            if (!s.IsObject() || !s.HasMember("start") || !s.HasMember("end") || !s["start"].IsUint64() ||
                !s["end"].IsUint64())
                return std::string("a span is not {\"start\": N, \"end\": N}");
            Span span{s["start"].GetUint64(), s["end"].GetUint64()};
            if (span.start >= span.end || span.end > limit)
                return "span [" + std::to_string(span.start) + ", " + std::to_string(span.end) +
                       ") is outside the text (" + std::to_string(limit) + " code points)";
            spans.push_back(span);
        }
        article.spans = std::move(spans);
    }
    return std::nullopt;
}

constexpr unsigned parse_flags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseStopWhenDoneFlag;
// For a line already known to be valid UTF-8: RapidJSON's check (RFC 3629, as strict as
// text::is_valid_utf8) cannot fail on any of its strings, and byte by byte it cost as much
// as the rest of the parse. Without it, RapidJSON copies a string's bytes unchanged, which
// is what the check does with valid bytes.
constexpr unsigned parse_flags_checked_utf8 = rapidjson::kParseStopWhenDoneFlag;

}  // namespace

std::optional<std::string> parse_article_json(std::string_view line, Article& article) {
    rapidjson::Document doc;
    doc.Parse<parse_flags>(line.data(), line.size());
    return article_from_document(doc, article);
}

namespace detail {

std::optional<std::string> parse_article_json_in_place(std::string& line, Article& article, bool utf8_checked) {
    // In-situ parsing reads up to a NUL; a line holding one takes the copying parser,
    // which reads exactly its bytes, so both report the same.
    if (std::memchr(line.data(), '\0', line.size()) != nullptr) return parse_article_json(line, article);
    // The DOM's nodes come from a per-thread buffer (a record has a handful of members),
    // and its strings stay where they are in `line`: no allocation and no copy but
    // the final one into the Article.
    // RapidJSON puts its chunk header at the start of the buffer: it must be aligned.
    struct alignas(std::max_align_t) PoolBuffer {
        char bytes[8192];
    };
    thread_local PoolBuffer pool_buffer;
    thread_local rapidjson::CrtAllocator stack_allocator;
    rapidjson::MemoryPoolAllocator<> pool(pool_buffer.bytes, sizeof pool_buffer.bytes);
    rapidjson::Document doc(&pool, 1024, &stack_allocator);
    // The copying parser's UTF-8 stream drops a leading byte order mark, testing its three
    // bytes one by one (so a lone 0xBB goes too); do the same, or a file saved with a BOM
    // would lose its first record here only.
    // RapidJSON's UTF-8 check takes a multi-byte sequence's continuation bytes without
    // looking for the end: a lead byte last on the line would read past the string. NULs
    // after the text end the parse where the line ends, as its own terminator did.
    line.append(4, '\0');
    std::size_t skipped = 0;
    for (unsigned char bom : {0xEFu, 0xBBu, 0xBFu})
        if (skipped < line.size() && static_cast<unsigned char>(line[skipped]) == bom) ++skipped;
    if (utf8_checked) doc.ParseInsitu<parse_flags_checked_utf8>(line.data() + skipped);
    else doc.ParseInsitu<parse_flags>(line.data() + skipped);
    return article_from_document(doc, article, skipped);
}

}  // namespace detail

std::uint64_t read_articles(const std::string& path, const ReaderOptions& options,
                            const ArticleSink& on_article, const RejectSink& on_reject) {
    Delivery delivery(options, on_reject);
    bool jsonl = options.format == InputFormat::json_lines ||
                 (options.format == InputFormat::automatic && is_json_lines(path));
    return jsonl ? read_json_lines(path, options, on_article, delivery)
                 : read_text_file(path, options, on_article, delivery);
}

}  // namespace geoevent::io
