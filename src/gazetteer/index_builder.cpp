#include "geoevent/gazetteer/index_builder.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <cstdlib>
#include <future>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "gazetteer/build_timing.hpp"
#include "gazetteer/index_format.hpp"
#include "gazetteer/name_batch.hpp"
#include "gazetteer/place_reader.hpp"
#include "gazetteer/place_store.hpp"
#include "gazetteer/posting_sort.hpp"
#include "gazetteer/ranking.hpp"
#include "gazetteer/section_writer.hpp"
#include "gazetteer/spill_file.hpp"
#include "gazetteer/string_pool.hpp"
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

std::string nospace(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
}

// SOURCE_DATE_EPOCH (the reproducible-builds convention) pins the build time, so two
// builds of the same data can be compared byte for byte.
std::string utc_now() {
    std::time_t t = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) t = std::strtoll(epoch, nullptr, 10);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::size_t parse_threads() {
    unsigned n = std::thread::hardware_concurrency();
    return std::clamp<unsigned>(n, 1, 8);
}

struct AltName {
    std::uint32_t geonameid;
    std::string name;
};

}  // namespace

struct IndexBuilder::Impl {
    BuildOptions options;
    PlaceStore store;
    std::unordered_map<std::uint32_t, AltName> alternates;  // by alternateNameId
    std::vector<std::pair<std::string, std::string>> demonyms;  // iso2, form
};

IndexBuilder::IndexBuilder(BuildOptions options) : m_impl(std::make_unique<Impl>()) {
    m_impl->options = std::move(options);
    const auto& o = m_impl->options;
    m_impl->store = PlaceStore(o.spill_directory, o.place_memory ? o.place_memory : PlaceStore::default_resident_bytes);
}
IndexBuilder::~IndexBuilder() = default;
IndexBuilder::IndexBuilder(IndexBuilder&&) noexcept = default;
IndexBuilder& IndexBuilder::operator=(IndexBuilder&&) noexcept = default;

void IndexBuilder::add_place(PlaceRecord record) { m_impl->store.put(record); }

void IndexBuilder::remove_place(std::uint32_t geonameid) { m_impl->store.remove(geonameid); }

void IndexBuilder::add_alternate_name(const AlternateNameRecord& r) {
    if (is_pseudo_language(r.language)) return;
    m_impl->alternates[r.alternate_name_id] = AltName{r.geonameid, r.name};
}

void IndexBuilder::remove_alternate_name(std::uint32_t id) { m_impl->alternates.erase(id); }

void IndexBuilder::add_demonym(const std::string& iso2, const std::string& form) {
    m_impl->demonyms.emplace_back(iso2, form);
}

std::size_t IndexBuilder::place_count() const noexcept {
    return m_impl->store.live_count();
}

ReadStats IndexBuilder::add_places_file(const std::string& path, ReadOptions options) {
    return read_places(path, options, parse_threads(), [&](PlaceRecord& r) { m_impl->store.put(r); });
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

namespace {

std::uint64_t aligned(std::uint64_t bytes) { return (bytes + 7) & ~7ull; }

// Bytes of postings sorted in memory before a run is spilled. Three buffers of this size
// stay allocated (one filling, one being sorted, the sort's scratch): 3 × 168 MiB is less
// than the two 256 MiB runs before them (std::stable_sort's 128 MiB buffer came and went).
constexpr std::size_t default_sort_memory = 168u << 20;

// Bytes of the string pool kept in memory: repeats of strings further back are rare
// enough to be read back from the spilled part (and are then cached).
constexpr std::size_t default_string_memory = 256u << 20;

constexpr std::size_t prefetch_distance = 8;

std::size_t key_threads() {
    unsigned n = std::thread::hardware_concurrency();
    return std::clamp<unsigned>(n, 1, 8);
}

}  // namespace

BuildReport IndexBuilder::write(const std::string& path) {
    auto& m = *m_impl;
    BuildReport report;
    build_timing("write: start");

    Overlay overlay;
    if (!m.options.overlay_path.empty()) overlay = Overlay::load(m.options.overlay_path);
    std::unordered_set<std::uint32_t> overlay_ids;
    for (auto& p : overlay.places) {
        overlay_ids.insert(p.geonameid);
        add_place(p);
        ++report.overlay_added;
    }

    // Live places in geonameid order: lookups by id are binary searches.
    const auto& places = m.store.places();
    std::vector<std::uint32_t> live;
    live.reserve(m.store.live_count());
    for (std::uint32_t i = 0; i < places.size(); ++i)
        if (!places[i].removed) live.push_back(i);
    std::sort(live.begin(), live.end(), [&](auto a, auto b) { return places[a].geonameid < places[b].geonameid; });
    auto is_live = [&](std::uint32_t geonameid) {
        std::int64_t at = m.store.find(geonameid);
        return at >= 0 && !places[static_cast<std::size_t>(at)].removed;
    };

    // Alternate names in id order so the stored name order is reproducible.
    std::vector<std::pair<std::uint32_t, const AltName*>> alts;
    alts.reserve(m.alternates.size());
    for (auto& [id, alt] : m.alternates) alts.emplace_back(id, &alt);
    std::sort(alts.begin(), alts.end(), [](auto& a, auto& b) { return a.first < b.first; });
    ExtraNames extra_names;
    for (auto& [id, alt] : alts) extra_names[alt->geonameid].emplace_back(alt->name, id);
    for (auto& a : overlay.aliases) {
        if (!is_live(a.geonameid))
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

    // The output is opened first: an unwritable target fails before any work.
    io::AtomicFile out(path);
    Header h{};
    out.write(&h, sizeof h);  // placeholder; rewritten with the counts and checksum below
    SectionWriter w(out, sizeof h);

    // Places go straight to the file; their names and postings are spilled to temporary
    // files, because the sections before them must be complete first.
    const std::string spill_dir = io::parent_directory(path);
    StringPool pool(spill_dir, m.options.string_memory ? m.options.string_memory : default_string_memory);
    PostingSorter postings(spill_dir, m.options.sort_memory ? m.options.sort_memory : default_sort_memory);
    SpillFile place_names(spill_dir), name_origins(spill_dir);
    std::uint64_t name_count = 0;
    // PCL* places, in order, with what their postings need (the rows' strings are not
    // kept after the loop).
    struct CountryPlace {
        std::uint32_t slot;
        std::string country;
        std::uint8_t prominence, category;
    };
    std::vector<CountryPlace> country_places;
    // The keys of the next batch are computed (on other threads) while this thread interns
    // and writes the current one: two batches in flight.
    struct Batch {
        std::size_t first = 0, last = 0;
        PlaceBlobs blobs;
        std::vector<NameSlice> slices;
    };
    Batch current, next;
    current.slices.resize(key_threads());
    next.slices.resize(key_threads());
    const std::size_t batch = 4096 * current.slices.size();
    auto prepare = [&](Batch& b, std::size_t first) {
        b.first = first;
        b.last = std::min(live.size(), first + batch);
        m.store.fetch(live, b.first, b.last, b.blobs);
        compute_name_keys(m.store, b.blobs, live, b.first, b.last, extra_names, b.slices);
    };
    PlaceStrings s;
    if (!live.empty()) {
        prepare(current, 0);
        // Each doubling of the pool's table rehashes every string so far, read back from
        // the spill file, while the key threads wait: at 13 M rows two doublings cost
        // seconds of serial time. So the table starts at the size the names need, as
        // extrapolated from the first batch (about one new string per name).
        std::size_t names = 0;
        for (const NameSlice& slice : current.slices) names += slice.names.size();
        const double per_place = static_cast<double>(names) / static_cast<double>(current.last - current.first);
        pool.reserve(static_cast<std::uint64_t>(per_place * static_cast<double>(live.size())));
    }
    for (bool more = !live.empty(); more;) {
        std::future<void> preparing;
        if (current.last < live.size())
            preparing = std::async(std::launch::async, prepare, std::ref(next), current.last);
        more = preparing.valid();
        const std::size_t first = current.first;
        const PlaceBlobs& blobs = current.blobs;
        auto i = static_cast<std::uint32_t>(first);
        for (const NameSlice& slice : current.slices) {
            std::size_t k = 0;
            for (std::uint32_t end : slice.place_end) {
                const StoredPlace& p = places[live[i]];
                blobs.strings(i - first, s);
                PlaceRec r;
                std::memset(&r, 0, sizeof r);
                r.geonameid = p.geonameid;
                r.name = pool.add(s.name);
                r.latitude = p.latitude;
                r.longitude = p.longitude;
                r.population = p.population;
                r.feature_class = p.feature_class;
                r.flags = overlay_ids.count(p.geonameid) ? place_from_overlay : 0;
                r.feature_code = pool.add(s.feature_code);
                r.country = pool.add(s.country);
                r.admin1 = pool.add(s.admin1);
                r.admin2 = pool.add(s.admin2);
                r.names_begin = static_cast<std::uint32_t>(name_count);
                const std::uint8_t prominence = quantize_prominence(p.population);
                const auto category = static_cast<std::uint8_t>(categorize(p.feature_class, s.feature_code));
                for (; k < end; ++k) {
                    const NameKeys& nk = slice.names[k];
                    // The pool's table is far larger than the caches: start loading the
                    // slots of a name a few ahead.
                    if (k + prefetch_distance < slice.names.size()) {
                        pool.prefetch(slice.names[k + prefetch_distance].name_hash);
                        pool.prefetch(slice.names[k + prefetch_distance].flat_hash);
                    }
                    // Half way there the slots are in: load what they point at.
                    if (k + prefetch_distance / 2 < slice.names.size()) {
                        pool.prefetch_string(slice.names[k + prefetch_distance / 2].name_hash);
                        pool.prefetch_string(slice.names[k + prefetch_distance / 2].flat_hash);
                    }
                    std::uint32_t name_off = pool.add(nk.name, nk.name_hash);
                    place_names.append(&name_off, 4);
                    name_origins.append(&nk.origin, 4);
                    ++name_count;
                    // A suppressed name stays stored (a refresh must know it) but gets no keys.
                    if (!suppressed_everywhere.empty() || !suppressed_for_place.empty()) {
                        std::string exact(slice.exact(nk));
                        if (suppressed_everywhere.count(exact) ||
                            (!suppressed_for_place.empty() &&
                             suppressed_for_place.count(std::to_string(p.geonameid) + ":" + exact))) {
                            ++report.overlay_suppressed;
                            continue;
                        }
                    }
                    std::uint32_t flat_off = pool.add(slice.flat(nk), nk.flat_hash);
                    postings.add({nk.exact_hash, i, name_off, flat_off, 0, prominence, category, 0});
                    for (std::uint8_t j = 0; j < nk.loose_count; ++j)
                        postings.add({nk.loose_hash[j], i, name_off, flat_off, 1, prominence, category, 0});
                }
                r.names_count = static_cast<std::uint32_t>(name_count - r.names_begin);
                w.write(&r, sizeof r);
                if (s.feature_code.rfind("PCL", 0) == 0)
                    country_places.push_back({i, std::string(s.country), prominence, category});
                ++i;
            }
        }
        if (more) {
            preparing.get();
            std::swap(current, next);
        }
    }
    current = {};
    next = {};
    build_timing("write: names interned, places written");

    // Demonyms and ISO2 codes point at the country place.
    std::unordered_map<std::string, const CountryPlace*> country_slot;
    for (const CountryPlace& c : country_places) country_slot.emplace(c.country, &c);
    auto country_posting = [&](std::uint64_t hash, const CountryPlace* c, std::uint32_t off) {
        postings.add({hash, c->slot, off, off, 2, c->prominence, c->category, 0});
    };
    for (auto& [iso, c] : country_slot) {
        std::uint32_t off = pool.add(iso);
        country_posting(key_hash(2, "@" + text::exact_key(iso)), c, off);
    }
    for (auto& [iso, form] : m.demonyms) {
        auto it = country_slot.find(iso);
        if (it == country_slot.end()) continue;
        std::uint32_t off = pool.add(form);
        country_posting(key_hash(2, nospace(text::exact_key(form))), it->second, off);
    }

    std::memcpy(h.magic, index_magic, 8);
    h.version = index_format_version;
    h.header_size = sizeof(Header);
    h.place_count = live.size();
    h.name_count = name_count;
    h.source = pool.add(m.options.source);
    h.built_at = pool.add(utc_now());
    h.data_date = pool.add(m.options.data_date);
    h.overlay = pool.add(m.options.overlay_path);
    pool.drop_table();  // the last add: the merge below gets its memory
    build_timing("write: pool table dropped");

    h.places_offset = sizeof(Header);
    h.place_names_offset = h.places_offset + aligned(live.size() * sizeof(PlaceRec));
    w.pad_to(h.place_names_offset);
    place_names.flush();
    w.copy(place_names);
    h.name_origins_offset = h.place_names_offset + aligned(name_count * 4);
    w.pad_to(h.name_origins_offset);
    name_origins.flush();
    w.copy(name_origins);
    h.postings_offset = h.name_origins_offset + aligned(name_count * 4);
    w.pad_to(h.postings_offset);
    build_timing("write: name sections copied");

    // One exact posting per (key, place), the first spelling (the primary name) winning;
    // loose postings are kept per distinct flat spelling, because ranking compares the
    // query with each (Raqa is closer to Raqqa than to Ar Raqqah). The directory is
    // derived from a histogram of the hashes' top 22 bits, the most it can use.
    constexpr std::uint32_t max_bits = 22;
    std::vector<std::uint32_t> top(1u << max_bits, 0);
    h.posting_count = postings.finish([&](const Posting* p, std::size_t n) {
        for (std::size_t k = 0; k < n; ++k) ++top[p[k].hash >> (64 - max_bits)];
        w.write(p, n * sizeof(Posting));
    });

    build_timing("write: postings merged");
    std::uint32_t bits = 8;
    while (bits < max_bits && (h.posting_count >> bits) > 4) ++bits;
    std::vector<std::uint32_t> directory((1u << bits) + 1);
    {
        const std::uint32_t shift = max_bits - bits;
        std::uint64_t below = 0;
        for (std::uint64_t b = 0; b < (1ull << bits); ++b) {
            directory[b] = static_cast<std::uint32_t>(below);
            for (std::uint64_t t = b << shift; t < (b + 1) << shift; ++t) below += top[t];
        }
        directory[1u << bits] = static_cast<std::uint32_t>(h.posting_count);
    }
    h.directory_bits = bits;
    h.directory_offset = h.postings_offset + aligned(h.posting_count * sizeof(Posting));
    w.pad_to(h.directory_offset);
    w.write(directory.data(), directory.size() * 4);
    h.strings_offset = h.directory_offset + aligned(directory.size() * 4);
    w.pad_to(h.strings_offset);
    pool.write([&](const char* p, std::size_t n) { w.write(p, n); });
    h.strings_size = pool.size();
    h.file_size = h.strings_offset + aligned(pool.size());
    w.pad_to(h.file_size);
    w.flush();
    build_timing("write: strings written");
    h.checksum = w.crc();
    out.write_at(0, &h, sizeof h);
    out.finish();
    build_timing("write: synced");

    // Never rename something we cannot read back.
    Index::open(out.temp_path(), Verify::checksum);
    build_timing("write: verified");
    out.commit();

    report.places = h.place_count;
    report.names = h.name_count;
    report.keys = h.posting_count;
    report.file_size = h.file_size;
    return report;
}

}  // namespace geoevent::gazetteer
