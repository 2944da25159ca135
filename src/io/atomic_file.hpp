#pragma once
// Write-to-temp-then-rename: the target either keeps its old content or gets the complete
// new content, whatever happens in between (error, kill, full disk).
#include <cstddef>
#include <string>

namespace geoevent::io {

class AtomicFile {
public:
    // Creates a unique temporary file next to `target` (same directory, so the rename is
    // atomic). Throws Error with a hint when the directory is not writable.
    explicit AtomicFile(std::string target);
    ~AtomicFile();  // removes the temporary file unless commit() succeeded
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t size);
    // Overwrites bytes already written (a header filled in at the end).
    void write_at(std::size_t offset, const void* data, std::size_t size);
    // Flushes and fsyncs the data and closes the descriptor; the file stays at temp_path()
    // so it can be validated before commit().
    void finish();
    // Renames over the target and fsyncs the directory.
    void commit();
    const std::string& temp_path() const noexcept { return m_temp; }
    const std::string& target() const noexcept { return m_target; }

private:
    void fail(const std::string& what);
    std::string m_target;
    std::string m_temp;
    int m_fd = -1;
    bool m_committed = false;
};

// Directory part of a path ("." for a bare file name).
std::string parent_directory(const std::string& path);

}  // namespace geoevent::io
