// The sources table keeps its memory bounded (issue #8): rows past the in-memory limit go
// to sorted runs on disk, and the merge gives exactly what one in-memory map would.
#include <catch2/catch.hpp>


#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "geoevent/error.hpp"
#include "geoevent/output/sources_table.hpp"

using geoevent::output::Date;
using geoevent::output::SourceRow;
using geoevent::output::SourcesTable;
using geoevent::output::Value;

namespace {

using Rows = std::vector<std::pair<std::string, SourceRow>>;

Rows drained(SourcesTable& table) {
    Rows out;
    table.drain([&](const std::string& id, const SourceRow& row) { out.emplace_back(id, row); });
    return out;
}

bool same(const Rows& a, const Rows& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].first != b[i].first || a[i].second.url != b[i].second.url ||
            a[i].second.title != b[i].second.title || a[i].second.date != b[i].second.date)
            return false;
    return true;
}

}  // namespace

TEST_CASE("sources spilled to sorted runs merge to the in-memory table", "[output]") {
    std::mt19937 rng(20171109);
    for (std::size_t limit : {1u, 3u, 7u, 64u, 100000u}) {
        SourcesTable table({}, limit);
        std::map<std::string, SourceRow> reference;
        for (int i = 0; i < 2000; ++i) {
            std::string id = "art-" + std::to_string(rng() % 450);
            SourceRow row;
            row.url = rng() % 5 == 0 ? "" : "https://example.org/" + id + "/" + std::to_string(i);
            row.title = rng() % 3 == 0 ? "Prise de Boukamal — البوكمال " + std::to_string(i) : std::string(rng() % 300, 'x');
            if (rng() % 4 != 0) row.date = Date{2017, 1 + int(rng() % 12), 1 + int(rng() % 28)};
            reference.try_emplace(id, row);  // the first row given for an id wins
            table.add(id, std::move(row));
        }
        table.add("", SourceRow{"https://example.org/nowhere", "no id", Value{}});
        INFO("rows in memory: " << limit << ", runs: " << table.runs());
        if (limit < 450) CHECK(table.runs() > 0);
        if (limit == 100000) CHECK(table.runs() == 0);
        Rows expected(reference.begin(), reference.end());
        CHECK(same(drained(table), expected));
        CHECK(drained(table).empty());  // drained: nothing twice
    }
}

TEST_CASE("a sources table that cannot spill says where and what to do", "[output]") {
    SourcesTable table("/nonexistent-geoevent-tmp", 2);
    table.add("a", SourceRow{"u", "t", Value{}});
    try {
        table.add("b", SourceRow{"u", "t", Value{}});
        FAIL("no error");
    } catch (const geoevent::Error& e) {
        CHECK_THAT(e.what(), Catch::Contains("/nonexistent-geoevent-tmp"));
        CHECK_THAT(e.hint(), Catch::Contains("--tmp-dir"));
    }
}
