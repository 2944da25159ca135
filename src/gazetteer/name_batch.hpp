#pragma once
// The keys of every name of a batch of places, computed on several threads. Key
// computation (normalisation, ICU transliteration, folding) is pure and per name, so
// places are split into contiguous slices, one per thread; the caller then consumes the
// slices in order, which keeps the index byte-identical whatever the thread count.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gazetteer/place_store.hpp"

namespace geoevent::gazetteer::detail {

// One name that gets stored for its place, with its keys.
struct NameKeys {
    std::string_view name;
    std::uint32_t origin;
    std::uint64_t exact_hash;  // key_hash(0, exact key without spaces)
    std::uint64_t loose_hash[2];
    std::uint8_t loose_count;
    std::uint32_t exact_at, exact_size;  // in the slice's text (exact key, for suppressions)
    std::uint32_t flat_at, flat_size;    // phonetic_fold(flat_key(name))
    std::uint64_t name_hash, flat_hash;  // StringPool::hash of the name and of its flat key
};

struct NameSlice {
    std::vector<NameKeys> names;
    std::vector<std::uint32_t> place_end;  // per place of the slice: end in names
    std::string text;
    std::string_view exact(const NameKeys& k) const { return {text.data() + k.exact_at, k.exact_size}; }
    std::string_view flat(const NameKeys& k) const { return {text.data() + k.flat_at, k.flat_size}; }
};

using ExtraNames = std::unordered_map<std::uint32_t, std::vector<std::pair<std::string, std::uint32_t>>>;

// Fills `slices` (one per thread) with the names of places live[begin..end), whose
// strings `blobs` holds (store.fetch(live, begin, end, blobs)).
void compute_name_keys(const PlaceStore& store, const PlaceBlobs& blobs, const std::vector<std::uint32_t>& live,
                       std::size_t begin, std::size_t end, const ExtraNames& extra, std::vector<NameSlice>& slices);

}  // namespace geoevent::gazetteer::detail
