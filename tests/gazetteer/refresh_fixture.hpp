#pragma once
// GeoNames-format fixtures for refresh tests, written into a temp dir: a full dump of the
// start state, daily files for three days, and a full dump of the final state. Rows are
// the real cities500 rows of tests/data/gazetteer/cities_sample.txt, edited the way
// GeoNames' daily files edit them.
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "gazetteer/temp_dir.hpp"
#include "test_config.hpp"

namespace geoevent::test {

inline std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (;;) {
        auto tab = line.find('\t', start);
        f.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
        if (tab == std::string::npos) return f;
        start = tab + 1;
    }
}

inline std::string join_tabs(const std::vector<std::string>& f) {
    std::string s;
    for (std::size_t i = 0; i < f.size(); ++i) s += (i ? "\t" : "") + f[i];
    return s;
}

struct RefreshFixture {
    TempDir dir;
    std::map<std::string, std::vector<std::string>> rows;  // geonameid -> columns
    std::string daily = dir / "daily";

    RefreshFixture() {
        std::ifstream in(std::string(data_dir) + "/gazetteer/cities_sample.txt");
        std::string line;
        while (std::getline(in, line)) {
            auto f = split_tabs(line);
            rows[f[0]] = f;
        }
        std::filesystem::create_directories(daily);
    }

    void write_dump(const std::string& path, const std::map<std::string, std::vector<std::string>>& r) const {
        std::ofstream out(path);
        for (auto& [_, f] : r) out << join_tabs(f) << '\n';
    }
    void write(const std::string& name, const std::string& text) const { std::ofstream(daily + "/" + name) << text; }

    // Start: every sample row except Rawah (92004), which a daily file adds.
    std::string start_dump() {
        auto r = rows;
        r.erase("92004");
        auto path = dir / "start.txt";
        write_dump(path, r);
        return path;
    }

    // Three days of changes; returns the final state as a full dump.
    std::string write_days() {
        auto r = rows;
        // 2026-11-21: Rawah appears, Mosul's population changes, a US Palmyra is deleted,
        // Abu Kamal gets a French alternate name.
        auto mosul = r["99072"];
        mosul[14] = "1700000";
        r["99072"] = mosul;
        write("modifications-2026-11-21.txt", join_tabs(r["92004"]) + "\n" + join_tabs(mosul) + "\n");
        write("deletes-2026-11-21.txt", "4262746\tPalmyra\tduplicate of a nearby place\n");
        r.erase("4262746");
        write("alternateNamesModifications-2026-11-21.txt", "9100001\t174448\tfr\tBoukamal\t1\t\t\t\t\t\n"
                                                              "9100002\t170794\tfr\tDeir Ezzor\t\t\t\t\t\t\n");
        write("alternateNamesDeletes-2026-11-21.txt", "");
        // 2026-11-22: nothing but an alternate name removed.
        write("modifications-2026-11-22.txt", "");
        write("deletes-2026-11-22.txt", "");
        write("alternateNamesModifications-2026-11-22.txt", "");
        write("alternateNamesDeletes-2026-11-22.txt", "9100002\t170794\tDeir Ezzor\twrong language\n");
        // 2026-11-23: Tripoli (LB) moves slightly.
        auto tripoli = r["266826"];
        tripoli[4] = "34.43667";
        r["266826"] = tripoli;
        write("modifications-2026-11-23.txt", join_tabs(tripoli) + "\n");
        write("deletes-2026-11-23.txt", "");
        write("alternateNamesModifications-2026-11-23.txt", "");
        write("alternateNamesDeletes-2026-11-23.txt", "");
        auto final_path = dir / "final.txt";
        write_dump(final_path, r);
        std::ofstream(dir / "final_alternates.txt") << "9100001\t174448\tfr\tBoukamal\t1\t\t\t\t\t\n";
        return final_path;
    }
};

}  // namespace geoevent::test
