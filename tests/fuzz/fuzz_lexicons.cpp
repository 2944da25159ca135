// libFuzzer target: both lexicon loaders (events and toponyms) on arbitrary file contents.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "geoevent/error.hpp"
#include "geoevent/event/lexicon.hpp"
#include "geoevent/toponym/lexicon.hpp"

namespace {

void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The toponym loader reads <dir>/toponyms.<lang>.json, so the input gets a directory.
    static const std::string dir = [] {
        std::string d = "/tmp/geoevent-fuzz-lexicon-" + std::to_string(::getpid());
        std::filesystem::create_directories(d);
        return d;
    }();
    const std::string events = dir + "/extra.json";
    write_file(events, data, size);
    write_file(dir + "/toponyms.fr.json", data, size);
    try {
        geoevent::event::EventLexicon::load(dir, {}, {events});
    } catch (const geoevent::Error&) {
    }
    try {
        geoevent::toponym::Lexicon::load(dir, {"fr"});
    } catch (const geoevent::Error&) {
    }
    return 0;
}
