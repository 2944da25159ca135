#pragma once
#include <string>
#include <vector>

namespace geoevent::event::detail {

// Appends `s` to `v` unless it is empty or already there (actor and note lists).
void add_unique(std::vector<std::string>& v, const std::string& s);

}  // namespace geoevent::event::detail
