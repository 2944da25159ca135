#include "geoevent/gazetteer/index.hpp"

#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <future>
#include <thread>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>

#include "gazetteer/index_format.hpp"
#include "gazetteer/ranking.hpp"
#include "geoevent/error.hpp"
#include "geoevent/text/name_keys.hpp"
#include "io/mapped_file.hpp"

namespace geoevent::gazetteer {

using namespace detail;

const char* to_string(MatchKind kind) noexcept {
    switch (kind) {
    case MatchKind::exact: return "exact";
    case MatchKind::loose: return "loose";
    case MatchKind::demonym: return "demonym";
    }
    return "?";
}

struct Index::Impl {
    std::string path;
    io::MappedFile file;
    const Header* header = nullptr;
    const PlaceRec* places = nullptr;
    const std::uint32_t* place_names = nullptr;
    const std::uint32_t* name_origins = nullptr;
    const Posting* postings = nullptr;
    const std::uint32_t* directory = nullptr;
    const unsigned char* strings = nullptr;
    std::size_t strings_size = 0;

    [[noreturn]] void corrupt(const std::string& what) const {
        throw GazetteerError("gazetteer index " + path + " is unusable: " + what,
                             "rebuild it with `geoevent gazetteer build` (or run `geoevent "
                             "gazetteer refresh`); the default index is rebuilt by `cmake --build`");
    }

    // Out-of-range offsets give an empty string rather than a read past the mapping; the
    // structure check at open makes this a last line of defence.
    std::string_view str(std::uint32_t offset) const noexcept {
        // 64-bit arithmetic: a 32-bit `offset + 2` wraps for offsets near 4 GiB (fuzz crash).
        const std::uint64_t off = offset;
        if (off + 2 > strings_size) return {};
        std::uint16_t len;
        std::memcpy(&len, strings + off, 2);
        if (off + 2 + len > strings_size) return {};
        return {reinterpret_cast<const char*>(strings + off + 2), len};
    }

    Place place(std::size_t i) const noexcept {
        const PlaceRec& r = places[i];
        Place p;
        p.geonameid = r.geonameid;
        p.name = str(r.name);
        p.latitude = r.latitude;
        p.longitude = r.longitude;
        p.feature_class = r.feature_class;
        p.feature_code = str(r.feature_code);
        p.country = str(r.country);
        p.admin1 = str(r.admin1);
        p.admin2 = str(r.admin2);
        p.population = r.population;
        return p;
    }

    std::pair<const Posting*, const Posting*> range(std::uint64_t hash) const noexcept {
        std::uint32_t bits = header->directory_bits;
        std::uint64_t bucket = bits ? hash >> (64 - bits) : 0;
        const Posting* lo = postings + directory[bucket];
        const Posting* hi = postings + directory[bucket + 1];
        lo = std::lower_bound(lo, hi, hash, [](const Posting& p, std::uint64_t h) { return p.hash < h; });
        hi = std::upper_bound(lo, hi, hash, [](std::uint64_t h, const Posting& p) { return h < p.hash; });
        return {lo, hi};
    }

    std::ptrdiff_t find_index(std::uint32_t geonameid) const noexcept {
        const PlaceRec* end = places + header->place_count;
        const PlaceRec* it = std::lower_bound(places, end, geonameid,
            [](const PlaceRec& r, std::uint32_t id) { return r.geonameid < id; });
        if (it == end || it->geonameid != geonameid) return -1;
        return it - places;
    }
};

namespace {

void check_structure(Index::Impl& m) {
    const std::size_t size = m.file.size();
    if (size < sizeof(Header)) m.corrupt("file is too small to be an index (truncated?)");
    const auto* h = reinterpret_cast<const Header*>(m.file.data());
    if (std::memcmp(h->magic, index_magic, 8) != 0) m.corrupt("not a geoevent gazetteer index (bad magic)");
    if (h->version != index_format_version)
        m.corrupt("format version " + std::to_string(h->version) + ", this geoevent reads version " +
                  std::to_string(index_format_version));
    if (h->header_size != sizeof(Header)) m.corrupt("bad header size");
    if (h->file_size != size)
        m.corrupt("file is " + std::to_string(size) + " bytes but the header says " +
                  std::to_string(h->file_size) + " (truncated or appended to)");
    auto section_ok = [&](std::uint64_t off, std::uint64_t count, std::uint64_t elem) {
        // Written so that no sum can wrap around: a huge offset plus a small section once
        // passed a naive `off + count * elem <= size` (fuzz crash 12ab8ba6).
        // Every section starts 8-aligned (the builder pads them) so records can be read in
        // place; a misaligned offset is damage (fuzz crash 80f86894).
        return off >= sizeof(Header) && off <= size && off % 8 == 0 &&
               count <= (size - off) / std::max<std::uint64_t>(elem, 1);
    };
    if (h->directory_bits > 24 || !section_ok(h->places_offset, h->place_count, sizeof(PlaceRec)) ||
        !section_ok(h->place_names_offset, h->name_count, 4) ||
        !section_ok(h->name_origins_offset, h->name_count, 4) ||
        !section_ok(h->postings_offset, h->posting_count, sizeof(Posting)) ||
        !section_ok(h->directory_offset, (1ull << h->directory_bits) + 1, 4) ||
        !section_ok(h->strings_offset, h->strings_size, 1) || h->strings_size > 0xFFFFFFFFull)
        m.corrupt("section table points outside the file, or off its alignment");
    m.header = h;
    m.places = reinterpret_cast<const PlaceRec*>(m.file.data() + h->places_offset);
    m.place_names = reinterpret_cast<const std::uint32_t*>(m.file.data() + h->place_names_offset);
    m.name_origins = reinterpret_cast<const std::uint32_t*>(m.file.data() + h->name_origins_offset);
    m.postings = reinterpret_cast<const Posting*>(m.file.data() + h->postings_offset);
    m.directory = reinterpret_cast<const std::uint32_t*>(m.file.data() + h->directory_offset);
    m.strings = m.file.data() + h->strings_offset;
    m.strings_size = h->strings_size;
    // The directory is what lookups trust to stay in bounds: check it whole.
    std::uint64_t buckets = 1ull << h->directory_bits;
    if (m.directory[0] != 0 || m.directory[buckets] != h->posting_count) m.corrupt("bad posting directory");
    for (std::uint64_t b = 0; b < buckets; ++b)
        if (m.directory[b] > m.directory[b + 1]) m.corrupt("bad posting directory");
}

// A verified open reads every byte of the file, which would leave all of it resident in
// this process. Above this size the pages are handed back as each chunk is verified (they
// stay in the page cache; a lookup faults in the few it needs), so opening a
// multi-gigabyte index does not cost its size in memory.
constexpr std::size_t release_above = 256u << 20;
constexpr std::size_t verify_chunk = 64u << 20;
// Above this the checksum pass runs on two threads (below it a thread costs more than it
// saves).
constexpr std::size_t split_above = 4u << 20;

void release(const Index::Impl& m, const void* begin, std::size_t size) {
    if (m.file.size() <= release_above) return;
    static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    auto b = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) & ~(page - 1);
    auto e = (reinterpret_cast<std::uintptr_t>(begin) + size) & ~(page - 1);
    if (e > b) ::madvise(reinterpret_cast<void*>(b), e - b, MADV_DONTNEED);
}

// What one pass over part of the file found: the CRC-32 of its bytes, and whether a
// record starting in it points where it may not.
struct PartCheck {
    uLong crc = crc32(0L, Z_NULL, 0);
    bool bad_posting = false;
    bool bad_place = false;
};

// Index of the first record of a table (at `base`, `count` records of `size` bytes) that
// starts at or after file offset `at`.
std::uint64_t first_record_at(std::uint64_t at, std::uint64_t base, std::uint64_t size, std::uint64_t count) {
    if (at <= base) return 0;
    return std::min(count, (at - base + size - 1) / size);
}

// Checksums file bytes [begin, end) and checks the records that start there, chunk by
// chunk, so each chunk is read once while it is hot and then released.
PartCheck check_part(const Index::Impl& m, std::uint64_t begin, std::uint64_t end) {
    const Header& h = *m.header;
    PartCheck out;
    for (std::uint64_t at = begin; at < end;) {
        const std::uint64_t stop = std::min(end, at + verify_chunk);
        const auto* bytes = reinterpret_cast<const Bytef*>(m.file.data() + at);
        out.crc = crc32(out.crc, bytes, static_cast<uInt>(stop - at));
        const std::uint64_t p0 = first_record_at(at, h.postings_offset, sizeof(Posting), h.posting_count);
        const std::uint64_t p1 = first_record_at(stop, h.postings_offset, sizeof(Posting), h.posting_count);
        for (std::uint64_t i = p0; i < p1; ++i) out.bad_posting |= m.postings[i].place >= h.place_count;
        const std::uint64_t r0 = first_record_at(at, h.places_offset, sizeof(PlaceRec), h.place_count);
        const std::uint64_t r1 = first_record_at(stop, h.places_offset, sizeof(PlaceRec), h.place_count);
        for (std::uint64_t i = r0; i < r1; ++i) {
            const PlaceRec& r = m.places[i];
            out.bad_place |= static_cast<std::uint64_t>(r.names_begin) + r.names_count > h.name_count;
        }
        release(m, bytes, static_cast<std::size_t>(stop - at));
        at = stop;
    }
    return out;
}

// The checksum over everything after the header, and every stored index in range. Large
// files are checked in two halves on two threads (the CRCs combine): a refresh verifies
// the multi-gigabyte index it just wrote before renaming it, and waits for this.
void check_body(Index::Impl& m) {
    const std::uint64_t begin = sizeof(Header);
    const std::uint64_t end = m.file.size();
    PartCheck first, second;
    if (end - begin > split_above && std::thread::hardware_concurrency() > 1) {
        const std::uint64_t middle = begin + (end - begin) / 2;
        auto later = std::async(std::launch::async, [&] { return check_part(m, middle, end); });
        first = check_part(m, begin, middle);
        second = later.get();
        first.crc = crc32_combine(first.crc, second.crc, static_cast<z_off_t>(end - middle));
        first.bad_posting |= second.bad_posting;
        first.bad_place |= second.bad_place;
    } else {
        first = check_part(m, begin, end);
    }
    if (static_cast<std::uint32_t>(first.crc) != m.header->checksum) m.corrupt("checksum mismatch (the file is corrupt)");
    if (first.bad_posting) m.corrupt("posting points past the place table");
    if (first.bad_place) m.corrupt("place name list out of range");
}

}  // namespace

Index::Index(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

Index Index::open(const std::string& path, Verify verify) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    try {
        impl->file = io::MappedFile(path);
    } catch (const Error& e) {
        throw GazetteerError(std::string("cannot open gazetteer index: ") + e.what(),
                             "build one with `geoevent gazetteer build --from cities500.txt -o " + path +
                                 "`, or pass --gazetteer PATH / set GEOEVENT_GAZETTEER");
    }
    check_structure(*impl);
    if (verify == Verify::checksum) {
        check_body(*impl);
    }
    return Index(std::move(impl));
}

std::size_t Index::size() const noexcept { return m_impl->header->place_count; }
Place Index::place(std::size_t i) const { return m_impl->place(i); }

std::optional<Place> Index::find(std::uint32_t geonameid) const {
    auto i = m_impl->find_index(geonameid);
    if (i < 0) return std::nullopt;
    return m_impl->place(static_cast<std::size_t>(i));
}

std::optional<Place> Index::country(std::string_view iso2) const {
    std::string key = text::exact_key(iso2);
    auto [lo, hi] = m_impl->range(key_hash(static_cast<std::uint8_t>(MatchKind::demonym), "@" + key));
    for (auto* p = lo; p != hi; ++p)
        if (p->place < m_impl->header->place_count) return m_impl->place(p->place);
    return std::nullopt;
}

std::vector<std::string_view> Index::names(std::uint32_t geonameid) const {
    std::vector<std::string_view> out;
    auto i = m_impl->find_index(geonameid);
    if (i < 0) return out;
    const PlaceRec& r = m_impl->places[i];
    if (static_cast<std::uint64_t>(r.names_begin) + r.names_count > m_impl->header->name_count) return out;
    for (std::uint32_t k = 0; k < r.names_count; ++k) out.push_back(m_impl->str(m_impl->place_names[r.names_begin + k]));
    return out;
}

void Index::for_each_record(const std::function<void(PlaceRecord&, std::vector<AlternateNameRecord>&)>& fn) const {
    const Impl& m = *m_impl;
    PlaceRecord rec;
    std::vector<AlternateNameRecord> alts;
    for (std::size_t i = 0; i < m.header->place_count; ++i) {
        const PlaceRec& r = m.places[i];
        if (r.flags & place_from_overlay) continue;
        if (static_cast<std::uint64_t>(r.names_begin) + r.names_count > m.header->name_count) continue;
        Place p = m.place(i);
        rec = PlaceRecord{};
        rec.geonameid = p.geonameid;
        rec.name = p.name;
        rec.latitude = p.latitude;
        rec.longitude = p.longitude;
        rec.feature_class = p.feature_class;
        rec.feature_code = p.feature_code;
        rec.country = p.country;
        rec.admin1 = p.admin1;
        rec.admin2 = p.admin2;
        rec.population = p.population;
        alts.clear();
        for (std::uint32_t k = 0; k < r.names_count; ++k) {
            std::uint32_t origin = m.name_origins[r.names_begin + k];
            std::string name(m.str(m.place_names[r.names_begin + k]));
            if (origin == overlay_origin) continue;
            if (origin == row_origin) {
                if (k == 0) continue;  // the primary name
                if (rec.ascii_name.empty()) rec.ascii_name = name;
                rec.alternate_names.push_back(std::move(name));
            } else {
                AlternateNameRecord a;
                a.alternate_name_id = origin;
                a.geonameid = p.geonameid;
                a.name = std::move(name);
                alts.push_back(std::move(a));
            }
        }
        fn(rec, alts);
    }
}

IndexInfo Index::info() const {
    const Header& h = *m_impl->header;
    IndexInfo info;
    info.format_version = h.version;
    info.path = m_impl->path;
    info.source = m_impl->str(h.source);
    info.built_at = m_impl->str(h.built_at);
    info.data_date = m_impl->str(h.data_date);
    info.overlay = m_impl->str(h.overlay);
    info.places = h.place_count;
    info.names = h.name_count;
    info.keys = h.posting_count;
    info.file_size = h.file_size;
    info.checksum = h.checksum;
    return info;
}

namespace {

struct Hit {
    const Posting* posting;
    double prior;
    double upper;  // best score this hit could reach
};

// The best score seen for one place, and the posting that gave it.
struct Best {
    std::uint32_t place;
    double score;
    const Posting* posting;
};

// Per-thread scratch space, so that a lookup allocates nothing but its result once the
// buffers have grown (lookups never nest).
struct LookupScratch {
    std::vector<Hit> hits;
    std::vector<Best> best;
    std::vector<std::uint32_t> slots;  // open addressing: place -> 1 + index into best
    std::vector<double> top;           // scores of distinct places, descending
    std::string exact, loose1, loose2, flat;
};

LookupScratch& scratch() {
    thread_local LookupScratch s;
    return s;
}

}  // namespace

std::vector<Candidate> Index::lookup(std::string_view name, const LookupOptions& options) const {
    const Impl& m = *m_impl;
    LookupScratch& s = scratch();
    std::vector<Hit>& hits = s.hits;
    hits.clear();
    auto collect = [&](MatchKind kind, std::string_view key) {
        if (key.empty()) return;
        auto [lo, hi] = m.range(key_hash(static_cast<std::uint8_t>(kind), key));
        const double q = kind == MatchKind::loose ? max_loose_quality : 1.0;
        for (const Posting* p = lo; p != hi; ++p) {
            // Opened without the full check, a damaged posting must not read out of bounds.
            if (p->place >= m.header->place_count) continue;
            if (!options.country.empty() && m.str(m.places[p->place].country) != options.country) continue;
            double prior = place_prior(static_cast<FeatureCategory>(p->category), p->prominence, options.expect);
            hits.push_back({p, prior, combine(q, prior)});
        }
    };

    std::string& exact = s.exact;
    text::exact_key(name, exact);
    exact.erase(std::remove(exact.begin(), exact.end(), ' '), exact.end());
    collect(MatchKind::exact, exact);
    if (options.include_demonyms || options.expect == Expect::country) collect(MatchKind::demonym, exact);
    // A loose hit scores at most combine(max_loose_quality, best prior); when `limit` exact
    // hits already beat that, the loose keys cannot change the answer and are not computed.
    const double loose_ceiling = combine(max_loose_quality, max_prior);
    std::size_t beating = 0;
    for (const Hit& h : hits) beating += h.upper > loose_ceiling;
    if (beating < std::max<std::size_t>(options.limit, 1)) {
        std::size_t n = text::loose_keys(name, s.loose1, s.loose2);
        if (n >= 1) collect(MatchKind::loose, s.loose1);
        if (n >= 2) collect(MatchKind::loose, s.loose2);
    }

    // Best-first by upper bound: similarity (the costly part) is computed only while a
    // hit could still enter the top `limit`. The order among hits of one place with the
    // same bound is std::sort's, which decides which spelling is reported as matched when
    // two of them score the same; a heap would be cheaper but would change that choice.
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        return a.upper != b.upper ? a.upper > b.upper : a.posting->place < b.posting->place;
    });

    std::string& query_flat = s.flat;
    std::optional<text::FlatMatcher> matcher;
    std::vector<Best>& best = s.best;
    best.clear();
    std::vector<std::uint32_t>& slots = s.slots;
    std::size_t slot_mask = 15;
    while (slot_mask + 1 < 2 * hits.size()) slot_mask = slot_mask * 2 + 1;
    slots.assign(slot_mask + 1, 0);
    auto find_slot = [&](std::uint32_t place) -> std::uint32_t& {
        std::size_t i = (place * 0x9E3779B1u) & slot_mask;
        while (slots[i] != 0 && best[slots[i] - 1].place != place) i = (i + 1) & slot_mask;
        return slots[i];
    };
    std::vector<double>& top = s.top;
    top.clear();
    const std::size_t limit = std::max<std::size_t>(options.limit, 1);
    for (const Hit& hit : hits) {
        if (top.size() >= limit && hit.upper < top.back()) break;
        auto kind = static_cast<MatchKind>(hit.posting->kind);
        double sim = 1.0;
        if (kind == MatchKind::loose) {
            if (!matcher) {
                text::flat_key(name, query_flat);
                query_flat = phonetic_fold(query_flat);
                matcher.emplace(query_flat);
            }
            std::string_view flat = m.str(hit.posting->flat);
            // Edit similarity is at most 1 - length difference / longer length: a hit
            // that cannot enter the top even then is skipped without the costly DP.
            std::size_t la = query_flat.size(), lb = flat.size(), longer = std::max(la, lb);
            double bound = longer ? 1.0 - static_cast<double>(la > lb ? la - lb : lb - la) / static_cast<double>(longer) : 1.0;
            if (top.size() >= limit && combine(match_quality(kind, bound), hit.prior) < top.back()) continue;
            sim = matcher->similarity(flat);
        }
        double score = combine(match_quality(kind, sim), hit.prior);
        std::uint32_t& slot = find_slot(hit.posting->place);
        if (slot != 0) {
            Best& b = best[slot - 1];
            if (b.score >= score) continue;
            // Replace this place's old score in `top`.
            auto old = std::find(top.begin(), top.end(), b.score);
            if (old != top.end()) top.erase(old);
            b.score = score;
            b.posting = hit.posting;
        } else {
            best.push_back({hit.posting->place, score, hit.posting});
            slot = static_cast<std::uint32_t>(best.size());
        }
        top.insert(std::upper_bound(top.begin(), top.end(), score, std::greater<>()), score);
        if (top.size() > limit) top.pop_back();
    }
    auto by_rank = [&](const Best& a, const Best& b) {
        if (a.score != b.score) return a.score > b.score;
        return m.places[a.place].geonameid < m.places[b.place].geonameid;  // deterministic ties
    };
    const std::size_t n = std::min(limit, best.size());
    std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(n), best.end(), by_rank);
    std::vector<Candidate> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(Candidate{m.place(best[i].place), best[i].score, static_cast<MatchKind>(best[i].posting->kind),
                                m.str(best[i].posting->name)});
    return out;
}

}  // namespace geoevent::gazetteer
