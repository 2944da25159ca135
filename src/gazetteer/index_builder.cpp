#include "geoevent/gazetteer/index_builder.hpp"

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include "gazetteer/index_format.hpp"
#include "gazetteer/ranking.hpp"
#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/gazetteer/overlay.hpp"
#include "geoevent/text/name_keys.hpp"
#include "io/atomic_file.hpp"
#include "io/line_reader.hpp"
#include "text/utf8.hpp"

namespace geoevent::gazetteer {

using namespace detail;

namespace {

// Scripts a French/English/German or Arabic text can contain; names in other scripts
// (Cyrillic, CJK, …) cannot match and would only swell the index.
bool is_matchable_script(std::string_view name) {
    for (std::size_t i = 0; i < name.size();) {
        char32_t c = text::decode_utf8(name, i);
        bool ok = c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2B0 && c <= 0x36F) ||
                  (c >= 0x2000 && c <= 0x206F) || (c >= 0x600 && c <= 0x6FF) ||
                  (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) ||
                  (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF) ||
                  (c >= 0x2C60 && c <= 0x2C7F) || (c >= 0xA720 && c <= 0xA7FF);
        if (!ok || c == 0xFFFD) return false;
    }
    return true;
}

// "ALP", "DEZ", "US": airport, station and ISO codes listed as alternate names give false
// hits on acronyms in news text.
bool is_code_like(std::string_view name) {
    if (name.size() > 4) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

std::string nospace(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
}

std::string utc_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

class StringPool {
public:
    std::uint32_t add(std::string_view s) {
        if (s.size() > 0xFFFF) s = s.substr(0, 0xFFFF);
        auto it = m_index.find(std::string(s));
        if (it != m_index.end()) return it->second;
        auto off = static_cast<std::uint32_t>(m_data.size());
        if (m_data.size() + s.size() + 2 > 0xFFFFFFFFull)
            throw GazetteerError("gazetteer too large: string pool exceeds 4 GB",
                                 "build from a smaller dump or report this");
        auto len = static_cast<std::uint16_t>(s.size());
        m_data.append(reinterpret_cast<const char*>(&len), 2);
        m_data.append(s);
        m_index.emplace(std::string(s), off);
        return off;
    }
    const std::string& data() const { return m_data; }

private:
    std::string m_data;
    std::unordered_map<std::string, std::uint32_t> m_index;
};

struct AltName {
    std::uint32_t geonameid;
    std::string name;
};

}  // namespace

struct IndexBuilder::Impl {
    BuildOptions options;
    std::vector<PlaceRecord> places;
    std::unordered_map<std::uint32_t, std::size_t> by_id;
    std::vector<bool> removed;
    std::unordered_map<std::uint32_t, AltName> alternates;  // by alternateNameId
    std::vector<std::pair<std::string, std::string>> demonyms;  // iso2, form
};

IndexBuilder::IndexBuilder(BuildOptions options) : m_impl(std::make_unique<Impl>()) {
    m_impl->options = std::move(options);
}
IndexBuilder::~IndexBuilder() = default;
IndexBuilder::IndexBuilder(IndexBuilder&&) noexcept = default;
IndexBuilder& IndexBuilder::operator=(IndexBuilder&&) noexcept = default;

void IndexBuilder::add_place(PlaceRecord record) {
    auto& m = *m_impl;
    auto [it, inserted] = m.by_id.try_emplace(record.geonameid, m.places.size());
    if (inserted) {
        m.places.push_back(std::move(record));
        m.removed.push_back(false);
    } else {
        m.places[it->second] = std::move(record);
        m.removed[it->second] = false;
    }
}

void IndexBuilder::remove_place(std::uint32_t geonameid) {
    auto it = m_impl->by_id.find(geonameid);
    if (it != m_impl->by_id.end()) m_impl->removed[it->second] = true;
}

void IndexBuilder::add_alternate_name(const AlternateNameRecord& r) {
    if (is_pseudo_language(r.language)) return;
    m_impl->alternates[r.alternate_name_id] = AltName{r.geonameid, r.name};
}

void IndexBuilder::remove_alternate_name(std::uint32_t id) { m_impl->alternates.erase(id); }

void IndexBuilder::add_demonym(const std::string& iso2, const std::string& form) {
    m_impl->demonyms.emplace_back(iso2, form);
}

std::size_t IndexBuilder::place_count() const noexcept {
    return static_cast<std::size_t>(std::count(m_impl->removed.begin(), m_impl->removed.end(), false));
}

ReadStats IndexBuilder::add_places_file(const std::string& path, ReadOptions options) {
    GeonamesReader reader(path, options);
    PlaceRecord r;
    while (reader.next(r)) add_place(std::move(r));
    return reader.stats();
}

ReadStats IndexBuilder::add_alternate_names_file(const std::string& path, ReadOptions options) {
    AlternateNamesReader reader(path, options);
    AlternateNameRecord r;
    while (reader.next(r)) add_alternate_name(r);
    return reader.stats();
}

ReadStats IndexBuilder::add_demonyms_file(const std::string& path, ReadOptions options) {
    io::LineReader lines(path);
    ReadStats stats;
    std::string_view line;
    while (lines.next(line)) {
        ++stats.lines;
        if (lines.line_number() == 1 || line.empty() || line.front() == '#') continue;
        auto t1 = line.find('\t');
        auto t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
        bool ok = t2 != std::string_view::npos && t1 == 2 && line.find('\t', t2 + 1) == std::string_view::npos &&
                  t2 + 1 < line.size() && text::is_valid_utf8(line);
        if (!ok) {
            ++stats.skipped;
            std::string msg = "expected 3 tab-separated columns: iso2, lang, form";
            if (options.strict) throw InputError(path, lines.line_number(), msg, "fix or remove the line");
            if (stats.issues.size() < options.max_issues) stats.issues.push_back({path, lines.line_number(), msg});
            continue;
        }
        ++stats.records;
        add_demonym(std::string(line.substr(0, 2)), std::string(line.substr(t2 + 1)));
    }
    return stats;
}

BuildReport IndexBuilder::write(const std::string& path) {
    auto& m = *m_impl;
    BuildReport report;

    Overlay overlay;
    if (!m.options.overlay_path.empty()) overlay = Overlay::load(m.options.overlay_path);
    std::unordered_set<std::uint32_t> overlay_ids;
    for (auto& p : overlay.places) {
        overlay_ids.insert(p.geonameid);
        add_place(p);
        ++report.overlay_added;
    }

    // Live places in geonameid order: lookups by id are binary searches.
    std::vector<const PlaceRecord*> live;
    live.reserve(m.places.size());
    for (std::size_t i = 0; i < m.places.size(); ++i)
        if (!m.removed[i]) live.push_back(&m.places[i]);
    std::sort(live.begin(), live.end(), [](auto* a, auto* b) { return a->geonameid < b->geonameid; });
    std::unordered_map<std::uint32_t, std::uint32_t> slot;
    slot.reserve(live.size());
    for (std::uint32_t i = 0; i < live.size(); ++i) slot[live[i]->geonameid] = i;

    // Alternate names in id order so the stored name order is reproducible.
    std::vector<std::pair<std::uint32_t, const AltName*>> alts;
    alts.reserve(m.alternates.size());
    for (auto& [id, alt] : m.alternates) alts.emplace_back(id, &alt);
    std::sort(alts.begin(), alts.end(), [](auto& a, auto& b) { return a.first < b.first; });
    std::unordered_map<std::uint32_t, std::vector<std::pair<std::string, std::uint32_t>>> extra_names;
    for (auto& [id, alt] : alts) extra_names[alt->geonameid].emplace_back(alt->name, id);
    for (auto& a : overlay.aliases) {
        if (!slot.count(a.geonameid))
            throw InputError(m.options.overlay_path, 0, "alias for unknown geonameid " + std::to_string(a.geonameid),
                             "check the id, or add the place with a `place` line");
        extra_names[a.geonameid].emplace_back(a.name, overlay_origin);
        ++report.overlay_aliases;
    }
    std::unordered_set<std::string> suppressed_everywhere;
    std::unordered_set<std::string> suppressed_for_place;  // "<id>:<key>"
    for (auto& s : overlay.suppressions) {
        std::string key = nospace(text::exact_key(s.name));
        if (s.geonameid == 0) suppressed_everywhere.insert(key);
        else suppressed_for_place.insert(std::to_string(s.geonameid) + ":" + key);
    }

    StringPool pool;
    std::vector<PlaceRec> recs(live.size());
    std::vector<std::uint32_t> place_names;
    std::vector<std::uint32_t> name_origins;
    std::vector<Posting> postings;
    postings.reserve(live.size() * 8);
    std::unordered_set<std::string> seen;
    std::vector<std::pair<std::string_view, std::uint32_t>> candidates;  // name, origin

    for (std::uint32_t i = 0; i < live.size(); ++i) {
        const PlaceRecord& p = *live[i];
        PlaceRec& r = recs[i];
        std::memset(&r, 0, sizeof r);
        r.geonameid = p.geonameid;
        r.name = pool.add(p.name);
        r.latitude = p.latitude;
        r.longitude = p.longitude;
        r.population = p.population;
        r.feature_class = p.feature_class;
        r.flags = overlay_ids.count(p.geonameid) ? place_from_overlay : 0;
        r.feature_code = pool.add(p.feature_code);
        r.country = pool.add(p.country);
        r.admin1 = pool.add(p.admin1);
        r.admin2 = pool.add(p.admin2);
        r.names_begin = static_cast<std::uint32_t>(place_names.size());
        const std::uint8_t prominence = quantize_prominence(p.population);
        const auto category = static_cast<std::uint8_t>(categorize(p.feature_class, p.feature_code));

        candidates.clear();
        candidates.emplace_back(p.name, row_origin);
        candidates.emplace_back(p.ascii_name, row_origin);
        for (auto& n : p.alternate_names) candidates.emplace_back(n, row_origin);
        if (auto it = extra_names.find(p.geonameid); it != extra_names.end())
            for (auto& [n, origin] : it->second) candidates.emplace_back(n, origin);
        seen.clear();
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            auto [name, origin] = candidates[k];
            if (name.empty() || !seen.insert(std::string(name)).second) continue;
            if (!text::is_valid_utf8(name) || !is_matchable_script(name)) continue;
            if (k > 0 && is_code_like(name)) continue;
            std::string exact = nospace(text::exact_key(name));
            if (exact.empty()) continue;
            std::uint32_t name_off = pool.add(name);
            // A suppressed name stays stored (a refresh must know it) but gets no keys.
            place_names.push_back(name_off);
            name_origins.push_back(origin);
            if (suppressed_everywhere.count(exact) ||
                (!suppressed_for_place.empty() &&
                 suppressed_for_place.count(std::to_string(p.geonameid) + ":" + exact))) {
                ++report.overlay_suppressed;
                continue;
            }
            std::uint32_t flat_off = pool.add(phonetic_fold(text::flat_key(name)));
            postings.push_back({key_hash(0, exact), i, name_off, flat_off, 0, prominence, category, 0});
            // Countries come with every exonym listed; loosely matched they only add noise
            // (Raqa ~ العراق).
            if (p.feature_code.rfind("PCL", 0) == 0) continue;
            for (auto& key : text::loose_keys(name))
                postings.push_back({key_hash(1, key), i, name_off, flat_off, 1, prominence, category, 0});
        }
        r.names_count = static_cast<std::uint32_t>(place_names.size() - r.names_begin);
    }

    // Demonyms and ISO2 codes point at the country place.
    std::unordered_map<std::string, std::uint32_t> country_slot;
    for (std::uint32_t i = 0; i < live.size(); ++i)
        if (live[i]->feature_code.rfind("PCL", 0) == 0 && !country_slot.count(live[i]->country))
            country_slot[live[i]->country] = i;
    for (auto& [iso, i] : country_slot) {
        std::uint32_t off = pool.add(iso);
        postings.push_back({key_hash(2, "@" + text::exact_key(iso)), i, off, off, 2,
                            quantize_prominence(live[i]->population),
                            static_cast<std::uint8_t>(categorize(live[i]->feature_class, live[i]->feature_code)), 0});
    }
    for (auto& [iso, form] : m.demonyms) {
        auto it = country_slot.find(iso);
        if (it == country_slot.end()) continue;
        std::uint32_t off = pool.add(form);
        const PlaceRecord& c = *live[it->second];
        postings.push_back({key_hash(2, nospace(text::exact_key(form))), it->second, off, off, 2,
                            quantize_prominence(c.population),
                            static_cast<std::uint8_t>(categorize(c.feature_class, c.feature_code)), 0});
    }

    // One exact posting per (key, place), the first spelling (the primary name) winning;
    // loose postings are kept per distinct flat spelling, because ranking compares the
    // query with each (Raqa is closer to Raqqa than to Ar Raqqah).
    std::stable_sort(postings.begin(), postings.end(), [](const Posting& a, const Posting& b) {
        if (a.hash != b.hash) return a.hash < b.hash;
        if (a.place != b.place) return a.place < b.place;
        return a.kind == 1 && b.kind == 1 && a.flat < b.flat;
    });
    postings.erase(std::unique(postings.begin(), postings.end(),
                               [](const Posting& a, const Posting& b) {
                                   return a.hash == b.hash && a.place == b.place &&
                                          (a.kind != 1 || a.flat == b.flat);
                               }),
                   postings.end());

    std::uint32_t bits = 8;
    while (bits < 22 && (postings.size() >> bits) > 4) ++bits;
    std::vector<std::uint32_t> directory((1u << bits) + 1);
    {
        std::size_t k = 0;
        for (std::uint64_t b = 0; b <= (1ull << bits); ++b) {
            while (k < postings.size() && (postings[k].hash >> (64 - bits)) < b) ++k;
            directory[b] = static_cast<std::uint32_t>(k);
        }
        directory[1u << bits] = static_cast<std::uint32_t>(postings.size());
    }

    Header h{};
    std::memcpy(h.magic, index_magic, 8);
    h.version = index_format_version;
    h.header_size = sizeof(Header);
    h.directory_bits = bits;
    h.place_count = recs.size();
    h.name_count = place_names.size();
    h.posting_count = postings.size();
    h.source = pool.add(m.options.source);
    h.built_at = pool.add(utc_now());
    h.data_date = pool.add(m.options.data_date);
    h.overlay = pool.add(m.options.overlay_path);

    std::uint64_t off = sizeof(Header);
    auto place_section = [&](std::uint64_t bytes) {
        std::uint64_t at = off;
        off += (bytes + 7) & ~7ull;
        return at;
    };
    h.places_offset = place_section(recs.size() * sizeof(PlaceRec));
    h.place_names_offset = place_section(place_names.size() * 4);
    h.name_origins_offset = place_section(name_origins.size() * 4);
    h.postings_offset = place_section(postings.size() * sizeof(Posting));
    h.directory_offset = place_section(directory.size() * 4);
    h.strings_offset = place_section(pool.data().size());
    h.strings_size = pool.data().size();
    h.file_size = off;

    io::AtomicFile out(path);
    uLong crc = crc32(0L, Z_NULL, 0);
    std::uint64_t written = sizeof(Header);
    out.write(&h, sizeof h);  // placeholder; rewritten with the checksum below
    auto emit = [&](std::uint64_t at, const void* data, std::size_t size) {
        static const char zeros[8] = {};
        if (at > written) {  // alignment padding
            out.write(zeros, at - written);
            crc = crc32(crc, reinterpret_cast<const Bytef*>(zeros), static_cast<uInt>(at - written));
            written = at;
        }
        const auto* p = static_cast<const Bytef*>(data);
        for (std::size_t left = size; left > 0;) {
            uInt chunk = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
            crc = crc32(crc, p, chunk);
            p += chunk;
            left -= chunk;
        }
        out.write(data, size);
        written += size;
    };
    emit(h.places_offset, recs.data(), recs.size() * sizeof(PlaceRec));
    emit(h.place_names_offset, place_names.data(), place_names.size() * 4);
    emit(h.name_origins_offset, name_origins.data(), name_origins.size() * 4);
    emit(h.postings_offset, postings.data(), postings.size() * sizeof(Posting));
    emit(h.directory_offset, directory.data(), directory.size() * 4);
    emit(h.strings_offset, pool.data().data(), pool.data().size());
    emit(h.file_size, nullptr, 0);
    h.checksum = static_cast<std::uint32_t>(crc);
    out.write_at(0, &h, sizeof h);
    out.finish();

    // Never rename something we cannot read back.
    Index::open(out.temp_path(), Verify::checksum);
    out.commit();

    report.places = h.place_count;
    report.names = h.name_count;
    report.keys = h.posting_count;
    report.file_size = h.file_size;
    return report;
}

}  // namespace geoevent::gazetteer
