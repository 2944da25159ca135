#pragma once
// On-disk layout of a gazetteer index (format version 2: postings carry the place prior). Little-endian, fixed-size
// records, all offsets relative to the start of the file:
//   Header (256 bytes) | PlaceRec[place_count] | u32 place_names[name_count]
//   | u32 name_origins[name_count] | Posting[posting_count] sorted by hash | u32 directory[(1<<directory_bits)+1]
//   | string pool (u16 length + bytes each)
// The CRC-32 covers everything after the header.
#include <cstdint>
#include <string_view>

namespace geoevent::gazetteer::detail {

inline constexpr char index_magic[8] = {'G', 'E', 'O', 'E', 'V', 'I', 'D', 'X'};
inline constexpr std::uint32_t index_format_version = 2;

struct Header {
    char magic[8];
    std::uint32_t version;
    std::uint32_t header_size;
    std::uint64_t file_size;
    std::uint32_t checksum;
    std::uint32_t directory_bits;
    std::uint64_t place_count;
    std::uint64_t name_count;
    std::uint64_t posting_count;
    std::uint64_t places_offset;
    std::uint64_t place_names_offset;
    std::uint64_t name_origins_offset;
    std::uint64_t postings_offset;
    std::uint64_t directory_offset;
    std::uint64_t strings_offset;
    std::uint64_t strings_size;
    std::uint32_t source;  // string-pool offsets
    std::uint32_t built_at;
    std::uint32_t data_date;
    std::uint32_t overlay;
    char reserved[256 - 8 - 4 - 4 - 8 - 4 - 4 - 10 * 8 - 4 * 4];
};
static_assert(sizeof(Header) == 256);

struct PlaceRec {
    std::uint32_t geonameid;
    std::uint32_t name;  // string-pool offsets
    double latitude;
    double longitude;
    std::int64_t population;
    std::uint32_t feature_code;
    std::uint32_t country;
    std::uint32_t admin1;
    std::uint32_t admin2;
    std::uint32_t names_begin;  // into place_names
    std::uint32_t names_count;
    char feature_class;
    std::uint8_t flags;  // place_from_overlay
    char pad[6];
};
static_assert(sizeof(PlaceRec) == 64);

inline constexpr std::uint8_t place_from_overlay = 1;

// Where a stored name came from, so a refresh can rebuild GeoNames' state exactly:
// 0 = the geoname row itself, an alternateNameId, or overlay_origin.
inline constexpr std::uint32_t row_origin = 0;
inline constexpr std::uint32_t overlay_origin = 0xFFFFFFFFu;

struct Posting {
    std::uint64_t hash;   // key_hash(kind, key)
    std::uint32_t place;  // index into PlaceRec[]
    std::uint32_t name;   // the stored spelling
    std::uint32_t flat;   // its flat key, for similarity ranking
    std::uint8_t kind;        // MatchKind
    std::uint8_t prominence;  // quantize_prominence(population) of the place
    std::uint8_t category;    // FeatureCategory of the place
    std::uint8_t pad;
};
static_assert(sizeof(Posting) == 24);

// FNV-1a 64 over a kind tag and the key: fast and well spread for short strings.
inline std::uint64_t key_hash(std::uint8_t kind, std::string_view key) noexcept {
    std::uint64_t h = 14695981039346656037ull;
    auto mix = [&](unsigned char c) {
        h ^= c;
        h *= 1099511628211ull;
    };
    mix(static_cast<unsigned char>('0' + kind));
    for (char c : key) mix(static_cast<unsigned char>(c));
    // Final avalanche so the top bits (the directory) are well distributed.
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

}  // namespace geoevent::gazetteer::detail
