// Gazetteer benchmarks (run by hand; results go to bench/RESULTS.md):
//   geoevent_bench_gazetteer build INPUT OUT.gidx   build time and peak memory
//   geoevent_bench_gazetteer open INDEX [N]          open time (median of N opens)
//   geoevent_bench_gazetteer lookup INDEX [N]        lookup latency, median and p99
//   geoevent_bench_gazetteer dump INDEX              every answer to the lookup queries (identity checks)
// Lookup queries are the places' own names plus spelling variants derived from them,
// taken from every k-th place, so the mix covers exact and loose matches.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/gazetteer/index_builder.hpp"

using namespace geoevent::gazetteer;
using clock_type = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

long peak_rss_mb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

// "Deir ez-Zor" -> "Deir ez Zor", "Deir Ez-Zor"… simple perturbations a reporter makes.
std::string variant(std::string s, int kind) {
    switch (kind) {
    case 0: return s;
    case 1: std::replace(s.begin(), s.end(), '-', ' '); return s;
    case 2: for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c))); return s;
    default: if (s.size() > 3) s.insert(s.size() / 2, 1, s[s.size() / 2]); return s;  // doubled letter
    }
}

int build(const std::string& input, const std::string& out) {
    auto t0 = clock_type::now();
    IndexBuilder b({"bench " + input, "", ""});
    b.add_places_file(input);
    auto t1 = clock_type::now();
    auto report = b.write(out);
    auto t2 = clock_type::now();
    std::cout << "build " << input << ": " << report.places << " places, " << report.names << " names, "
              << report.keys << " keys, " << report.file_size / (1024 * 1024) << " MiB; read "
              << std::chrono::duration<double>(t1 - t0).count() << " s, index "
              << std::chrono::duration<double>(t2 - t1).count() << " s, total "
              << std::chrono::duration<double>(t2 - t0).count() << " s, peak RSS " << peak_rss_mb() << " MiB\n";
    return 0;
}

int open_bench(const std::string& path, int n) {
    std::vector<double> us;
    for (int i = 0; i < n; ++i) {
        auto t0 = clock_type::now();
        auto index = Index::open(path);
        auto t1 = clock_type::now();
        us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        if (index.size() == 0) return 1;
    }
    std::vector<double> us_structure;
    for (int i = 0; i < n; ++i) {
        auto t0 = clock_type::now();
        auto index = Index::open(path, Verify::structure);
        us_structure.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count());
    }
    std::cout << "open " << path << " (" << n << " runs): with checksum median " << percentile(us, 0.5) / 1000
              << " ms, p99 " << percentile(us, 0.99) / 1000 << " ms; structure only median "
              << percentile(us_structure, 0.5) / 1000 << " ms\n";
    return 0;
}

int lookup_bench(const std::string& path, int n) {
    auto index = Index::open(path);
    std::vector<std::string> queries;
    std::size_t step = std::max<std::size_t>(1, index.size() / 5000);
    for (std::size_t i = 0; i < index.size(); i += step)
        for (int k = 0; k < 4; ++k) queries.push_back(variant(std::string(index.place(i).name), k));
    std::vector<double> ns;
    ns.reserve(queries.size() * static_cast<std::size_t>(n));
    std::size_t found = 0;
    LookupOptions o;
    o.limit = 5;
    for (int round = 0; round < n; ++round)
        for (auto& q : queries) {
            auto t0 = clock_type::now();
            auto c = index.lookup(q, o);
            ns.push_back(std::chrono::duration<double, std::nano>(clock_type::now() - t0).count());
            found += !c.empty();
        }
    std::cout << "lookup " << path << ": " << ns.size() << " lookups, median " << percentile(ns, 0.5) / 1000
              << " us, p99 " << percentile(ns, 0.99) / 1000 << " us, found " << 100.0 * found / ns.size() << " %\n";
    return 0;
}

// Every answer of the lookup benchmark's queries (and of the same queries asked as ADM1,
// with a country filter and with demonyms), printed in full, so that an optimisation of
// Index::lookup can be checked to leave the answers byte-identical.
int dump(const std::string& path) {
    auto index = Index::open(path);
    std::size_t step = std::max<std::size_t>(1, index.size() / 5000);
    std::ios::sync_with_stdio(false);
    std::cout.precision(17);
    for (std::size_t i = 0; i < index.size(); i += step)
        for (int k = 0; k < 4; ++k) {
            std::string q = variant(std::string(index.place(i).name), k);
            for (int mode = 0; mode < 4; ++mode) {
                LookupOptions o;
                o.limit = mode == 0 ? 5 : 8;
                if (mode == 1) o.expect = Expect::admin1;
                if (mode == 2) o.country = std::string(index.place(i).country);
                if (mode == 3) {
                    o.expect = Expect::country;
                    o.include_demonyms = true;
                }
                std::cout << q << '\t' << mode;
                for (auto& c : index.lookup(q, o))
                    std::cout << '\t' << c.place.geonameid << ' ' << c.score << ' ' << to_string(c.match) << ' '
                              << c.matched_name;
                std::cout << '\n';
            }
        }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        std::string cmd = argc > 1 ? argv[1] : "";
        if (cmd == "build" && argc == 4) return build(argv[2], argv[3]);
        if (cmd == "open" && argc >= 3) return open_bench(argv[2], argc > 3 ? std::stoi(argv[3]) : 50);
        if (cmd == "dump" && argc == 3) return dump(argv[2]);
        if (cmd == "lookup" && argc >= 3) return lookup_bench(argv[2], argc > 3 ? std::stoi(argv[3]) : 3);
    } catch (const geoevent::Error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    std::cerr << "usage: geoevent_bench_gazetteer build INPUT OUT | open INDEX [N] | lookup INDEX [N]\n";
    return 2;
}
