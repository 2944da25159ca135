// libFuzzer target: the dateline finder and the sentence date resolver on arbitrary text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "geoevent/event/dates.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto dateline = geoevent::event::find_dateline(text);
    // Anchor on the text's own dateline when it has one, so odd anchors get exercised too.
    geoevent::Date published = dateline ? *dateline : geoevent::Date{2017, 11, 9};
    auto when = geoevent::event::resolve_sentence_date(text, published);
    // An impossible calendar date would reach the output layer as a Date field.
    if (when && !when->iso.empty() && !geoevent::Date::parse_iso(when->iso)) __builtin_trap();
    return 0;
}
