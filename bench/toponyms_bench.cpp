// Toponym throughput on one core (results go to bench/RESULTS.md):
//   geoevent_bench_toponyms run INDEX LEXICON_DIR CORPUS.jsonl   MB/s of input, end to end
//   geoevent_bench_toponyms names INDEX OUT.txt                 every stored spelling, one a line
//   geoevent_bench_toponyms jsonl INDEX LEXICON_DIR CORPUS.jsonl what `geoevent toponyms` prints
// `run` times reading, detection, resolution and JSON serialisation (written nowhere), not
// opening the index or loading the lexicon. `names` feeds `grep -F -f OUT.txt`, the floor a
// raw multi-pattern scan sets.
#include <time.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "geoevent/toponym/json_io.hpp"
#include "geoevent/toponym/tokenizer.hpp"

using namespace geoevent;
// CPU time of this process: the shared machine's load changes wall time from run to run,
// not the work done. Wall time is printed alongside.
struct cpu_clock {
    using duration = std::chrono::nanoseconds;
    using time_point = std::chrono::time_point<cpu_clock>;
    static time_point now() {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return time_point(duration(std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec));
    }
};
using clock_type = cpu_clock;

namespace {

int run(const std::string& index_path, const std::string& lexicon_dir, const std::string& corpus) {
    auto w0 = std::chrono::steady_clock::now();
    auto t0 = clock_type::now();
    auto index = gazetteer::Index::open(index_path, gazetteer::Verify::structure);
    auto lexicon = toponym::Lexicon::load(lexicon_dir);
    toponym::Geoparser parser(index, lexicon);
    auto t1 = clock_type::now();
    double setup_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    std::uint64_t bytes = 0, articles = 0, mentions = 0, out_bytes = 0;
    double t_tokenize = 0, t_parse = 0, t_json = 0;
    // Phases by wall clock (cheap to read per article); only their shares are meaningful.
    using wall_clock = std::chrono::steady_clock;
    auto since = [](wall_clock::time_point t) { return std::chrono::duration<double>(wall_clock::now() - t).count(); };
    io::read_articles(
        corpus, {},
        [&](io::Article&& a) {
            bytes += a.text.size();
            auto ta = wall_clock::now();
            // Tokenizing alone, to split the cost (parse tokenizes again).
            auto tokens = toponym::tokenize(a.text, lexicon.language(a.lang).elisions);
            t_tokenize += since(ta);
            auto tb = wall_clock::now();
            auto ms = parser.parse(a);
            t_parse += since(tb);
            auto tc = wall_clock::now();
            out_bytes += toponym::to_json_line(a.id, ms).size();
            t_json += since(tc);
            mentions += ms.size() + (tokens.empty() ? 0 : 0);
            ++articles;
        },
        {});
    auto t2 = clock_type::now();
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    double setup = std::chrono::duration<double>(t1 - t0).count();
    double secs = std::chrono::duration<double>(t2 - t1).count();
    double phases_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count() - setup_wall;
    auto share = [&](double t) { return t / phases_wall; };
    std::uintmax_t file_bytes = 0;
    if (std::ifstream f{corpus, std::ios::binary | std::ios::ate}) file_bytes = static_cast<std::uintmax_t>(f.tellg());
    std::cout << "index " << index_path << " (" << index.size() << " places), setup " << setup << " s\n"
              << articles << " articles, " << mentions << " mentions, " << out_bytes << " output bytes\n"
              << "text " << bytes / 1e6 << " MB, file " << file_bytes / 1e6 << " MB in " << secs << " s CPU (" << wall
              << " s wall incl. setup): "
              << (file_bytes / 1e6) / (secs * (1 - share(t_tokenize))) << " MB/s of input file, "
              << (bytes / 1e6) / (secs * (1 - share(t_tokenize))) << " MB/s of text (the separate tokenizing pass left out)\n"
              << "shares of the time: tokenize " << share(t_tokenize) << ", detect+resolve (tokenizing included) "
              << share(t_parse) << ", JSON output " << share(t_json) << ", reading JSON Lines "
              << 1 - share(t_tokenize) - share(t_parse) - share(t_json) << "\n";
    return 0;
}

// The JSON Lines `geoevent toponyms` writes (same options: demonyms reported), for
// checking that an optimisation leaves the output byte-identical without the CLI.
int jsonl(const std::string& index_path, const std::string& lexicon_dir, const std::string& corpus) {
    auto index = gazetteer::Index::open(index_path, gazetteer::Verify::structure);
    auto lexicon = toponym::Lexicon::load(lexicon_dir);
    toponym::Geoparser parser(index, lexicon);
    std::ios::sync_with_stdio(false);
    io::read_articles(
        corpus, {}, [&](io::Article&& a) { std::cout << toponym::to_json_line(a.id, parser.parse(a)) << '\n'; }, {});
    std::cout.flush();
    return 0;
}

int names(const std::string& index_path, const std::string& out_path) {
    auto index = gazetteer::Index::open(index_path, gazetteer::Verify::structure);
    std::ofstream out(out_path, std::ios::binary);
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < index.size(); ++i)
        for (auto name : index.names(index.place(i).geonameid))
            if (!name.empty()) {
                out << name << '\n';
                ++n;
            }
    std::cout << n << " names -> " << out_path << '\n';
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        std::string cmd = argc > 1 ? argv[1] : "";
        if (cmd == "run" && argc == 5) return run(argv[2], argv[3], argv[4]);
        if (cmd == "names" && argc == 4) return names(argv[2], argv[3]);
        if (cmd == "jsonl" && argc == 5) return jsonl(argv[2], argv[3], argv[4]);
        std::cerr << "usage: geoevent_bench_toponyms run INDEX LEXICON_DIR CORPUS.jsonl\n"
                     "       geoevent_bench_toponyms names INDEX OUT.txt\n"
                     "       geoevent_bench_toponyms jsonl INDEX LEXICON_DIR CORPUS.jsonl > OUT.jsonl\n";
        return 2;
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
