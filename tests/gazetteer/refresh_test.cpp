#include <catch2/catch.hpp>

#include <csignal>
#include <fcntl.h>
#include <functional>
#include <fstream>
#include <iterator>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "cli/cli_runner.hpp"
#include "gazetteer/refresh_fixture.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/gazetteer/index_builder.hpp"
#include "geoevent/gazetteer/refresh.hpp"

using namespace geoevent::gazetteer;
using geoevent::test::RefreshFixture;
using geoevent::test::run_cli;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string build_start(RefreshFixture& fx, const std::string& overlay = "") {
    auto path = fx.dir / "live.gidx";
    RefreshOptions o;
    o.index_path = path;
    o.full_dumps = {fx.start_dump()};
    o.data_date = "2026-11-20";
    o.overlay_path = overlay;
    REQUIRE(refresh(o).outcome == RefreshOutcome::updated);
    return path;
}

// What an index says about its places, independent of build time and key layout.
std::vector<std::string> content(const Index& index) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < index.size(); ++i) {
        auto p = index.place(i);
        auto names = index.names(p.geonameid);
        std::sort(names.begin(), names.end());
        std::string s = std::to_string(p.geonameid) + "|" + std::string(p.name) + "|" + std::to_string(p.latitude) + "|" +
                        std::to_string(p.longitude) + "|" + std::to_string(p.population) + "|" + std::string(p.feature_code);
        for (auto n : names) s += "|" + std::string(n);
        out.push_back(s);
    }
    return out;
}

int run_binary_and_kill_when(const std::vector<std::string>& args, const std::function<bool()>& ready) {
    pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> argv;
        std::string exe = geoevent::test::geoevent_exe;
        argv.push_back(exe.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 1);
        ::dup2(devnull, 2);
        execv(exe.c_str(), argv.data());
        _exit(127);
    }
    for (int i = 0; i < 20000 && !ready(); ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

}  // namespace

TEST_CASE("applying daily files gives the content of a full build of the final state", "[gazetteer][refresh]") {
    RefreshFixture fx;
    auto live = build_start(fx);
    auto final_dump = fx.write_days();

    RefreshOptions o;
    o.index_path = live;
    o.daily_source = fx.daily;
    o.until = "2026-11-23";
    auto r = refresh(o);
    CHECK(r.outcome == RefreshOutcome::updated);
    CHECK(r.mode == "incremental");
    CHECK(r.days_applied == std::vector<std::string>{"2026-11-21", "2026-11-22", "2026-11-23"});
    CHECK(r.added == 1);    // Rawah
    CHECK(r.deleted == 1);  // a US Palmyra
    CHECK(r.changed == 3);  // Mosul, Tripoli, Abu Kamal's new name
    auto incremental = Index::open(live);
    CHECK(incremental.info().data_date == "2026-11-23");

    IndexBuilder full;
    full.add_places_file(final_dump);
    full.add_alternate_names_file(fx.dir / "final_alternates.txt");
    full.write(fx.dir / "full.gidx");
    CHECK(content(incremental) == content(Index::open(fx.dir / "full.gidx")));

    CHECK(incremental.lookup("Boukamal").front().match == MatchKind::exact);
    CHECK_FALSE(incremental.find(4262746));
    CHECK(incremental.find(99072)->population == 1700000);

    // Running again changes nothing.
    auto again = refresh(o);
    CHECK(again.outcome == RefreshOutcome::up_to_date);
}

TEST_CASE("a missing day falls back to a full reload and says so", "[gazetteer][refresh]") {
    RefreshFixture fx;
    auto live = build_start(fx);
    auto final_dump = fx.write_days();
    std::filesystem::remove(fx.daily + "/modifications-2026-11-22.txt");
    RefreshOptions o;
    o.index_path = live;
    o.daily_source = fx.daily;
    o.until = "2026-11-23";
    SECTION("with full dumps to fall back on") {
        o.full_dumps = {final_dump};
        o.data_date = "2026-11-23";
        auto r = refresh(o);
        CHECK(r.mode == "full (fallback)");
        REQUIRE_FALSE(r.notes.empty());
        CHECK_THAT(r.notes.back(), Catch::Contains("2026-11-22") && Catch::Contains("gap"));
        CHECK(Index::open(live).find(92004));
    }
    SECTION("without: refused, old index kept") {
        auto before = slurp(live);
        CHECK_THROWS_WITH(refresh(o), Catch::Contains("gap"));
        CHECK(slurp(live) == before);
    }
}

TEST_CASE("overlay entries survive every refresh", "[gazetteer][refresh]") {
    RefreshFixture fx;
    auto overlay = fx.dir / "overlay.tsv";
    std::ofstream(overlay) << "alias\t172955\tRaqqa city\nplace\t900000001\tAl-Tanf base\t33.5117\t38.6653\tMILB\tSY\n";
    auto live = build_start(fx, overlay);
    fx.write_days();
    RefreshOptions o;
    o.index_path = live;
    o.daily_source = fx.daily;
    o.until = "2026-11-23";
    o.overlay_path = overlay;
    refresh(o);
    auto index = Index::open(live);
    CHECK(index.lookup("Raqqa city").front().place.geonameid == 172955);
    CHECK(index.lookup("Al-Tanf base").front().place.geonameid == 900000001);
    CHECK(index.size() == 17);  // 16 GeoNames places after the daily files + 1 overlay place
}

TEST_CASE("faulty inputs never replace the index", "[gazetteer][refresh]") {
    RefreshFixture fx;
    auto live = build_start(fx);
    const auto before = slurp(live);
    RefreshOptions o;
    o.index_path = live;
    o.data_date = "2026-11-24";
    SECTION("a truncated zip") {
        auto zip = std::string(geoevent::test::data_dir) + "/gazetteer/cities_sample.zip";
        auto bytes = slurp(zip);
        std::ofstream(fx.dir / "cut.zip", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        o.full_dumps = {fx.dir / "cut.zip"};
        CHECK_THROWS_AS(refresh(o), geoevent::InputError);
    }
    SECTION("a corrupt row stream") {
        std::ofstream out(fx.dir / "corrupt.txt");
        for (auto& [id, f] : fx.rows) out << id << "\tbroken row\n" << geoevent::test::join_tabs(f) << '\n';
        out.close();
        o.full_dumps = {fx.dir / "corrupt.txt"};
        CHECK_THROWS_AS(refresh(o), RefreshRejectedError);
    }
    SECTION("a dump that would delete half the places") {
        auto half = fx.rows;
        for (int i = 0; i < 9; ++i) half.erase(half.begin());
        fx.write_dump(fx.dir / "half.txt", half);
        o.full_dumps = {fx.dir / "half.txt"};
        CHECK_THROWS_WITH(refresh(o), Catch::Contains("shrink") && Catch::Contains("old index is kept"));
    }
    SECTION("a sanity lookup that no longer holds") {
        o.full_dumps = {fx.start_dump()};
        o.checks = {{"Tripoli", 266826, ""}};  // Tripoli, Libya is rank 1: the check fails
        CHECK_THROWS_WITH(refresh(o), Catch::Contains("sanity lookup failed"));
    }
    SECTION("a failing disk write") {
        // A directory squatting on the path the new index is written to makes the write fail.
        std::filesystem::create_directories(live + ".new/x");
        o.full_dumps = {fx.start_dump()};
        CHECK_THROWS_AS(refresh(o), geoevent::Error);
    }
    CHECK(slurp(live) == before);
    CHECK(Index::open(live).lookup("Abu Kamal").front().place.geonameid == 174448);
}

TEST_CASE("the CLI reports outcomes with documented exit codes", "[gazetteer][refresh]") {
    RefreshFixture fx;
    auto live = build_start(fx);
    fx.write_days();
    auto r = run_cli({"gazetteer", "refresh", "--index", live, "--daily", fx.daily, "--until", "2026-11-23"});
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("updated") && Catch::Contains("days applied 3") && Catch::Contains("+1 ~3 -1"));
    r = run_cli({"gazetteer", "refresh", "--index", live, "--daily", fx.daily, "--until", "2026-11-23"});
    CHECK(r.code == 3);
    CHECK_THAT(r.out, Catch::Contains("already up to date"));
    r = run_cli({"gazetteer", "refresh", "--index", live, "--from", fx.dir / "missing.txt"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("missing.txt") && Catch::Contains("unchanged"));
    r = run_cli({"gazetteer", "refresh", "--index", live});
    CHECK(r.code == 2);
    SECTION("a second refresh while one runs exits 4") {
        int fd = ::open((live + ".lock").c_str(), O_RDWR | O_CREAT, 0644);
        REQUIRE(::flock(fd, LOCK_EX) == 0);
        r = run_cli({"gazetteer", "refresh", "--index", live, "--from", fx.start_dump()});
        CHECK(r.code == 4);
        CHECK_THAT(r.err, Catch::Contains("another refresh"));
        ::close(fd);
    }
}

TEST_CASE("a refresh killed with SIGKILL leaves the old index working", "[gazetteer][refresh]") {
    RefreshFixture fx;
    auto live = build_start(fx);
    const auto before = slurp(live);
    // The embedded subset takes long enough to build that the kill lands mid-way.
    std::string big = geoevent::test::embedded_places;
    for (int attempt = 0; attempt < 2; ++attempt) {
        int status = run_binary_and_kill_when(
            {"gazetteer", "refresh", "--index", live, "--from", big, "--force", "--no-default-checks"}, [&] {
                std::ifstream lock(live + ".lock");
                std::string pid;
                return static_cast<bool>(lock >> pid);  // the child holds the lock: it is working
            });
        CHECK(WIFSIGNALED(status));
        CHECK(slurp(live) == before);
        CHECK(Index::open(live).find(174448));
    }
    // The next run cleans up after the killed one and succeeds.
    RefreshOptions o;
    o.index_path = live;
    o.full_dumps = {fx.start_dump()};
    auto r = refresh(o);
    CHECK(r.outcome == RefreshOutcome::updated);
    bool stale_noted = false;
    for (auto& n : r.notes) stale_noted = stale_noted || n.find("killed") != std::string::npos;
    CHECK(stale_noted);
    for (auto& e : std::filesystem::directory_iterator(fx.dir.path()))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}
