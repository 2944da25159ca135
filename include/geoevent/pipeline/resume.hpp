#pragma once
// `--resume`: which articles an earlier run already put into the target dataset.
#include <string>
#include <unordered_set>

namespace geoevent::pipeline {

// The distinct non-empty values of `field` in `layer` of the dataset at `target` (a file
// or a "PG:" connection string). A target that does not exist yet, or has no such layer,
// gives an empty set (nothing done yet). Throws GdalError when the target exists but
// cannot be read, or the layer lacks the field.
std::unordered_set<std::string> read_done_sources(const std::string& target, const std::string& layer = "events",
                                                  const std::string& field = "source_id");

}  // namespace geoevent::pipeline
