#pragma once
// The toponyms JSON Lines format (one article per line):
// {"id": …, "toponyms": [{"start", "end", "name", "geonameid", "lat", "lon", "feature_code",
//   "country", "admin1", "kind", "score", "reason", "candidates": [{"geonameid", "score"}]}]}
// Gold files use the same shape (extra members such as "text" are ignored).
#include <functional>
#include <string>
#include <vector>

#include "geoevent/toponym/mention.hpp"

namespace geoevent::toponym {

// One line, without the newline.
std::string to_json_line(const std::string& id, const std::vector<Mention>& mentions);

struct ToponymDocument {
    std::string id;
    std::vector<Mention> toponyms;
};

// Reads a toponyms file. Throws InputError (file:line) on a malformed line: a gold
// file with a bad line would make every score meaningless.
std::vector<ToponymDocument> read_toponyms_file(const std::string& path);

}  // namespace geoevent::toponym
