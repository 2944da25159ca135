#pragma once
// The index build's temporary files (io::SpillFile). They are created in the output's
// directory (the index is written there, so that disk has room for the build); failures
// are GazetteerErrors that say so.
#include <string>

#include "io/spill_file.hpp"

namespace geoevent::gazetteer::detail {

class SpillFile : public io::SpillFile {
public:
    explicit SpillFile(const std::string& directory);
};

}  // namespace geoevent::gazetteer::detail
