// libFuzzer target: both lexicon loaders (events and toponyms) on arbitrary file contents.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "geoevent/error.hpp"
#include "geoevent/event/lexicon.hpp"
#include "geoevent/toponym/lexicon.hpp"
#include "memory_file.hpp"

namespace {

const MemoryFile& input_file() {
    static const MemoryFile file("fuzz-lexicon.json");
    return file;
}

// The toponym loader reads <dir>/toponyms.<lang>.json: a directory made once whose
// toponyms.fr.json links to the in-memory input, removed when the fuzzer exits.
// Never freed, so the exit handler still has it after static destructors ran.
const std::string& toponym_dir() {
    static const std::string* dir = [] {
        auto* d = new std::string("/tmp/geoevent-fuzz-lexicon-" + std::to_string(::getpid()));
        std::filesystem::remove_all(*d);
        std::filesystem::create_directories(*d);
        std::filesystem::create_symlink(input_file().path(), *d + "/toponyms.fr.json");
        std::atexit([] { std::filesystem::remove_all(toponym_dir()); });
        return d;
    }();
    return *dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& dir = toponym_dir();
    input_file().assign(data, size);
    try {
        geoevent::event::EventLexicon::load(dir, {}, {input_file().path()});
    } catch (const geoevent::Error&) {
    }
    try {
        geoevent::toponym::Lexicon::load(dir, {"fr"});
    } catch (const geoevent::Error&) {
    }
    return 0;
}
