#pragma once
// The whole command line as a library function, so tests run it in-process and check
// exit codes and messages (PROJ does the same).
#include <iosfwd>
#include <string>
#include <vector>

namespace geoevent::cli {

// Exit codes shared by every command; gazetteer refresh adds its own above these.
enum Exit : int { ok = 0, failure = 1, usage = 2 };

// args excludes the program name. Output goes to `out`, diagnostics to `err`.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace geoevent::cli
