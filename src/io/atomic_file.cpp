#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "geoevent/error.hpp"

namespace geoevent::io {

std::string parent_directory(const std::string& path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

namespace {

std::string hint_for(int err) {
    switch (err) {
    case ENOSPC:
    case EDQUOT: return "free some disk space and run again; the previous file is untouched";
    case EACCES:
    case EPERM:
    case EROFS: return "choose a writable location or fix the directory's permissions";
    case ENOENT: return "create the directory first";
    default: return "the previous file, if any, is untouched";
    }
}

}  // namespace

AtomicFile::AtomicFile(std::string target) : m_target(std::move(target)) {
    std::string dir = parent_directory(m_target);
    std::string base = m_target.substr(m_target.find_last_of('/') + 1);
    std::string pattern = (dir == "." && m_target.find('/') == std::string::npos ? "" : dir + "/") +
                          "." + base + ".tmp-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    m_fd = ::mkstemp(buf.data());
    if (m_fd < 0) {
        int err = errno;
        throw Error("cannot create a temporary file in " + dir + ": " + std::strerror(err),
                    hint_for(err));
    }
    m_temp = buf.data();
    ::fchmod(m_fd, 0644);
}

AtomicFile::~AtomicFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed && !m_temp.empty()) ::unlink(m_temp.c_str());
}

void AtomicFile::fail(const std::string& what) {
    int err = errno;
    throw Error(what + " " + m_temp + " (for " + m_target + "): " + std::strerror(err),
                hint_for(err));
}

void AtomicFile::write(const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(m_fd, p, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write");
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::write_at(std::size_t offset, const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::pwrite(m_fd, p, size, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write");
        }
        p += n;
        offset += static_cast<std::size_t>(n);
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::finish() {
    if (m_fd < 0) return;
    if (::fsync(m_fd) != 0) fail("cannot sync");
    if (::close(m_fd) != 0) {
        m_fd = -1;
        fail("cannot close");
    }
    m_fd = -1;
}

void AtomicFile::commit() {
    finish();
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0) fail("cannot rename");
    m_committed = true;
    // The rename itself is only durable once the directory entry is on disk.
    int dfd = ::open(parent_directory(m_target).c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace geoevent::io
