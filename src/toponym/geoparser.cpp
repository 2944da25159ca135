#include "geoevent/toponym/geoparser.hpp"

#include <cctype>

#include "geoevent/gazetteer/index.hpp"
#include "text/utf8.hpp"
#include "toponym/gazetteer_view.hpp"
#include "toponym/resolver.hpp"
#include "toponym/tagger.hpp"

namespace geoevent::toponym {

using namespace detail;

namespace {
// The token buffer kept between articles: enough for texts of about 1.5 MB.
constexpr std::size_t max_kept_tokens = 1u << 18;
constexpr std::size_t max_kept_key_bytes = 6u << 20;
}  // namespace

struct Geoparser::Impl {
    Impl(const gazetteer::Index& index, const Lexicon& lex, GeoparserOptions opts)
        : gazetteer(index), lexicon(lex), options(opts), tagger(gazetteer, lex) {}
    GazetteerView gazetteer;
    const Lexicon& lexicon;
    GeoparserOptions options;
    Tagger tagger;
    std::vector<Token> tokens;  // of the current article; the buffer is reused
    std::string token_keys;     // what the tokens' keys point into, reused the same way

    // Bring-your-own spans: resolve what the user marked, detect nothing.
    std::vector<Detection> from_spans(const io::Article& a, const std::vector<Token>& tokens,
                                      const LanguageLexicon& lang) {
        std::vector<Detection> out;
        std::vector<std::size_t> byte_of;  // code point -> byte offset
        byte_of.reserve(a.text.size() + 1);
        for (std::size_t i = 0; i < a.text.size();) {
            byte_of.push_back(i);
            text::decode_utf8(a.text, i);
        }
        byte_of.push_back(a.text.size());
        for (auto& s : *a.spans) {
            if (s.end > byte_of.size() - 1 || s.start >= s.end) continue;
            Detection d;
            d.cp_begin = s.start;
            d.cp_end = s.end;
            d.byte_begin = byte_of[s.start];
            d.byte_end = byte_of[s.end];
            d.surface = a.text.substr(d.byte_begin, d.byte_end - d.byte_begin);
            // The tokens the span covers, for cues and "X, Country" pairs.
            std::size_t first = tokens.size(), last = 0;
            for (std::size_t k = 0; k < tokens.size(); ++k)
                if (tokens[k].cp_begin >= s.start && tokens[k].cp_end <= s.end) {
                    first = std::min(first, k);
                    last = k;
                }
            if (first < tokens.size()) {
                d.first_token = first;
                d.last_token = last;
                d.cue = tagger.cue_for(tokens, first, last, lang);
            }
            out.push_back(std::move(d));
        }
        return out;
    }
};

Geoparser::Geoparser(const gazetteer::Index& index, const Lexicon& lexicon, GeoparserOptions options)
    : m_impl(std::make_unique<Impl>(index, lexicon, options)) {}
Geoparser::~Geoparser() = default;
Geoparser::Geoparser(Geoparser&&) noexcept = default;
Geoparser& Geoparser::operator=(Geoparser&&) noexcept = default;

std::vector<Mention> Geoparser::parse(const io::Article& article) {
    auto& impl = *m_impl;
    // Between documents: the resolver points into the lookup cache for the whole document.
    impl.gazetteer.trim_cache();
    // "fr-FR", "EN": the language subtag is what selects a lexicon.
    std::string lang_code = article.lang.empty() ? impl.lexicon.detect_language(article.text) : article.lang.substr(0, 2);
    for (auto& c : lang_code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto& lang = impl.lexicon.language(lang_code);
    std::vector<Token>& tokens = impl.tokens;
    tokenize(article.text, lang.elisions, tokens, impl.token_keys);
    auto detections = article.spans ? impl.from_spans(article, tokens, lang) : impl.tagger.tag(article.text, lang, tokens);
    auto mentions = resolve(impl.gazetteer, detections, tokens, impl.options.candidates);
    // One huge article must not pin its buffers (56 bytes a token, its text's length in
    // keys) for the rest of the run.
    if (tokens.capacity() > max_kept_tokens) std::vector<Token>().swap(tokens);
    if (impl.token_keys.size() > max_kept_key_bytes) std::string().swap(impl.token_keys);
    if (!impl.options.report_demonyms)
        std::erase_if(mentions, [](const Mention& m) { return m.kind == MentionKind::demonym; });
    return mentions;
}

}  // namespace geoevent::toponym
