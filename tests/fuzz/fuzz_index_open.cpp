// libFuzzer target: the index loader on arbitrary bytes. The input is a mutation of a
// real index (seed corpus), opened both with the full check and with the structure check
// the CLI uses for lookups, then queried: nothing may read outside the mapping.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index.hpp"

using namespace geoevent::gazetteer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/geoevent-fuzz-index-" + std::to_string(::getpid()) + ".gidx";
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
    }
    for (Verify v : {Verify::structure, Verify::checksum}) {
        try {
            auto index = Index::open(path, v);
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
