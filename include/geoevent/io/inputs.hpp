#pragma once
// Expands the INPUT arguments of a command into article files, lazily: files as given,
// "-" (stdin), directories walked recursively, and glob patterns ("news/*.jsonl.gz").
// Directory entries are visited in byte order of their names, so the same tree gives the
// same order on every machine (and so the same output). Hidden entries (".x") are
// skipped. Only the directories on the current path are held in memory, never the
// whole listing.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace geoevent::io {

class InputWalker {
public:
    explicit InputWalker(std::vector<std::string> arguments);
    ~InputWalker();
    InputWalker(InputWalker&&) noexcept;
    InputWalker& operator=(InputWalker&&) noexcept;

    // The next file to read; false when all are done. A path that does not exist is
    // returned as is (reading it reports the error); a glob that matches nothing throws
    // InputError, and so does a directory that cannot be read.
    bool next(std::string& path);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The total size of the inputs, for an ETA: known (non-zero) only when every input is a
// plain uncompressed file, since stdin has no size and a .gz file's is not its content's.
// Walks directories once more; throws like InputWalker::next.
std::uint64_t known_input_bytes(const std::vector<std::string>& arguments);

}  // namespace geoevent::io
