// libFuzzer target: the index loader on arbitrary bytes. The input is a mutation of a
// real index (seed corpus), opened both with the full check and with the structure check
// the CLI uses for lookups, then queried: nothing may read outside the mapping.
#include <cstddef>
#include <cstdint>

#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "memory_file.hpp"

using namespace geoevent::gazetteer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const MemoryFile file("fuzz-index.gidx");
    file.assign(data, size);
    for (Verify v : {Verify::structure, Verify::checksum}) {
        try {
            auto index = Index::open(file.path(), v);
            for (const char* q : {"Boukamal", "Deir ez-Zor", "البوكمال", "Paris", "x"}) index.lookup(q);
            if (index.size() > 0) {
                auto p = index.place(0);
                index.names(p.geonameid);
                index.find(p.geonameid);
            }
            index.country("SY");
            index.info();
        } catch (const geoevent::Error&) {
        }
    }
    return 0;
}
