#pragma once
// Test hooks of name_keys.cpp: the first step of every key (folding: case, marks,
// separators) through the fast paths (plain ASCII; a per-character table for Latin,
// Greek, Cyrillic and Arabic) and through ICU normalisation, so tests can check on real
// gazetteer names that the fast paths give byte-identical keys.
#include <string>
#include <string_view>

namespace geoevent::text::testing {

// exact_key's fold (words = false) or flat_key/loose_keys' (words = true), as used.
std::string fold_default(std::string_view name, bool words);
// The same, always through ICU (NFKC case fold, per-character decomposition).
std::string fold_reference(std::string_view name, bool words);

}  // namespace geoevent::text::testing
