// libFuzzer target: the ICU name keys on arbitrary bytes (invalid UTF-8 included).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "geoevent/text/name_keys.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view s(reinterpret_cast<const char*>(data), size);
    auto exact = geoevent::text::exact_key(s);
    auto flat = geoevent::text::flat_key(s);
    auto loose = geoevent::text::loose_keys(s);
    geoevent::text::similarity(flat, exact);
    return static_cast<int>(loose.size() > 8);  // never true: keeps the call observable
}
