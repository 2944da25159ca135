#include "io/spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace geoevent::io {

SpillFile::SpillFile(const std::string& directory, Fail fail, std::size_t buffer_bytes)
    : m_directory(directory.empty() ? "." : directory), m_fail(std::move(fail)),
      m_buffer_bytes(buffer_bytes > 0 ? buffer_bytes : 1) {
    std::string pattern = m_directory + "/.geoevent-spill-XXXXXX";
    m_fd = ::mkstemp(pattern.data());
    if (m_fd < 0) this->fail("cannot create a temporary file");
    ::unlink(pattern.c_str());
    m_buffer.reserve(m_buffer_bytes);
}

SpillFile::~SpillFile() {
    if (m_fd >= 0) ::close(m_fd);
}

void SpillFile::fail(const std::string& what) const {
    std::string message = what + " in " + m_directory + ": " + std::strerror(errno);
    m_fail(message);
    throw std::logic_error("SpillFile: the fail callback returned: " + message);
}

void SpillFile::append(const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    if (m_buffer.size() + size > m_buffer_bytes) flush();
    if (size >= m_buffer_bytes) {
        for (std::size_t done = 0; done < size;) {
            ssize_t n = ::pwrite(m_fd, p + done, size - done, static_cast<off_t>(m_size + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("cannot write a temporary file");
            done += static_cast<std::size_t>(n);
        }
        m_size += size;
        return;
    }
    m_buffer.insert(m_buffer.end(), p, p + size);
}

void SpillFile::flush() {
    const std::uint64_t at = m_size;
    for (std::size_t done = 0; done < m_buffer.size();) {
        ssize_t n = ::pwrite(m_fd, m_buffer.data() + done, m_buffer.size() - done, static_cast<off_t>(at + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("cannot write a temporary file");
        done += static_cast<std::size_t>(n);
    }
    m_size += m_buffer.size();
    m_buffer.clear();
}

void SpillFile::read_at(std::uint64_t offset, void* data, std::size_t size) const {
    char* p = static_cast<char*>(data);
    for (std::size_t done = 0; done < size;) {
        ssize_t n = ::pread(m_fd, p + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) errno = EIO;  // the file is shorter than what was written to it
        if (n <= 0) fail("cannot read back a temporary file");
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace geoevent::io
