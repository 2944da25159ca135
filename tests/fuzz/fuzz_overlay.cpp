// libFuzzer target: the overlay loader on arbitrary file contents.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "geoevent/error.hpp"
#include "geoevent/gazetteer/overlay.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/geoevent-fuzz-overlay-" + std::to_string(::getpid()) + ".tsv";
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
    }
    try {
        geoevent::gazetteer::Overlay::load(path);
    } catch (const geoevent::Error&) {
    }
    return 0;
}
