#pragma once
// A file whose contents live in memory (memfd), reachable by a path. The loaders under
// test take paths; writing each input to a file under /tmp made the kernel flush it to
// disk on every truncate-and-close (ext4), which was most of the time of the file
// targets. The loaders still open, stat, map and read a real file through their own code.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

class MemoryFile {
public:
    explicit MemoryFile(const char* name) : m_fd(::memfd_create(name, MFD_CLOEXEC)) {
        if (m_fd < 0) std::abort();  // no memfd: the target cannot run at all
        m_path = "/proc/self/fd/" + std::to_string(m_fd);
    }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;

    // Replaces the contents with exactly these bytes.
    void assign(const std::uint8_t* data, std::size_t size) const {
        // Every byte below `size` is written next, so resizing alone leaves no old bytes.
        if (::ftruncate(m_fd, static_cast<off_t>(size)) != 0) std::abort();
        std::size_t done = 0;
        while (done < size) {
            ssize_t n = ::pwrite(m_fd, data + done, size - done, static_cast<off_t>(done));
            if (n <= 0) std::abort();
            done += static_cast<std::size_t>(n);
        }
    }

    const std::string& path() const noexcept { return m_path; }

private:
    int m_fd;
    std::string m_path;
};
