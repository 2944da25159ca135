#pragma once
#include <string>

namespace geoevent::cli {

// Which lexicon directory a command uses: --lexicon DIR, else $GEOEVENT_LEXICON, else the
// one installed next to the executable (<bin>/../share/geoevent/lexicon).
std::string resolve_lexicon(const std::string& option_value);

}  // namespace geoevent::cli
