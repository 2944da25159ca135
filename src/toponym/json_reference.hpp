#pragma once
// The reference serialisation of toponyms JSON Lines through RapidJSON's Writer. The
// hand-written to_json_line (the fast path) must give the same bytes; the toponym tests
// compare the two.
#include <string>
#include <vector>

#include "geoevent/toponym/mention.hpp"

namespace geoevent::toponym::detail {

std::string to_json_line_rapidjson(const std::string& id, const std::vector<Mention>& mentions);

}  // namespace geoevent::toponym::detail
