#include "gazetteer/spill_file.hpp"

#include "geoevent/error.hpp"

namespace geoevent::gazetteer::detail {

SpillFile::SpillFile(const std::string& directory)
    : io::SpillFile(directory, [](const std::string& message) {
          throw GazetteerError(message, "the index build spills sorted runs next to the output: "
                                        "check free space and permissions");
      }) {}

}  // namespace geoevent::gazetteer::detail
