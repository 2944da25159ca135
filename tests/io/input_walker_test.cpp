#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "geoevent/error.hpp"
#include "geoevent/io/inputs.hpp"

using namespace geoevent;
namespace fs = std::filesystem;

namespace {

struct Tree {
    fs::path root = fs::temp_directory_path() / ("geoevent-walk-" + std::to_string(::getpid()));
    Tree() {
        fs::remove_all(root);
        for (auto* d : {"b", "a/z", "a/y", ".hidden"}) fs::create_directories(root / d);
        for (auto* f : {"b/2.jsonl", "b/10.jsonl", "a/z/x.txt", "a/y/w.jsonl.gz", "a/1.txt", ".hidden/no.txt",
                        "a/.skip.txt", "top.txt"})
            std::ofstream(root / f) << "x";
    }
    ~Tree() { fs::remove_all(root); }
    std::string operator()(const char* rel) const { return (root / rel).string(); }
};

std::vector<std::string> walk(std::vector<std::string> args) {
    io::InputWalker w(std::move(args));
    std::vector<std::string> out;
    for (std::string p; w.next(p);) out.push_back(p);
    return out;
}

}  // namespace

TEST_CASE("directories are walked recursively in name order, hidden entries skipped", "[io]") {
    Tree t;
    CHECK(walk({t.root.string()}) ==
          std::vector<std::string>{t("a/1.txt"), t("a/y/w.jsonl.gz"), t("a/z/x.txt"), t("b/10.jsonl"),
                                   t("b/2.jsonl"), t("top.txt")});
}

TEST_CASE("files, stdin and globs keep the order of the arguments", "[io]") {
    Tree t;
    CHECK(walk({t("top.txt"), "-", t("b/*.jsonl"), t("a")}) ==
          std::vector<std::string>{t("top.txt"), "-", t("b/10.jsonl"), t("b/2.jsonl"), t("a/1.txt"),
                                   t("a/y/w.jsonl.gz"), t("a/z/x.txt")});
}

TEST_CASE("a missing file is passed on for the reader to report; an empty glob is an error", "[io]") {
    Tree t;
    CHECK(walk({t("missing.txt")}) == std::vector<std::string>{t("missing.txt")});
    CHECK_THROWS_AS(walk({t("nothing/*.jsonl")}), InputError);
}

TEST_CASE("the inputs' total size is known only for plain files", "[io]") {
    Tree t;
    CHECK(io::known_input_bytes({t("top.txt"), t("b")}) == 3);  // three one-byte files
    CHECK(io::known_input_bytes({t("a")}) == 0);                 // holds a .gz
    CHECK(io::known_input_bytes({t("top.txt"), "-"}) == 0);
}
