#pragma once
// The data sets' JSON Lines as raw lines, for the tests that hold one JSON reader against
// another on every record.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace geoevent::test {

inline std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

}  // namespace geoevent::test
