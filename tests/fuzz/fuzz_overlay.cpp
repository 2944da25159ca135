// libFuzzer target: the overlay loader on arbitrary file contents.
#include <cstddef>
#include <cstdint>

#include "geoevent/error.hpp"
#include "geoevent/gazetteer/overlay.hpp"
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const MemoryFile file("fuzz-overlay.tsv");
    file.assign(data, size);
    try {
        geoevent::gazetteer::Overlay::load(file.path());
    } catch (const geoevent::Error&) {
    }
    return 0;
}
