#include "gazetteer/refresh_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "geoevent/gazetteer/refresh.hpp"

namespace geoevent::gazetteer::detail {

namespace {
std::string read_all(int fd) {
    std::string s;
    char buf[64];
    ::lseek(fd, 0, SEEK_SET);
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}
}  // namespace

RefreshLock::RefreshLock(const std::string& index_path) {
    std::string path = index_path + ".lock";
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw GazetteerError("cannot create lock file " + path + ": " + std::strerror(errno),
                             "make the index's directory writable");
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        std::string holder = read_all(m_fd);
        ::close(m_fd);
        m_fd = -1;
        throw RefreshLockedError("another refresh of " + index_path + " is running" +
                                     (holder.empty() ? "" : " (pid " + holder + ")"),
                                 "let it finish; this run changed nothing");
    }
    std::string previous = read_all(m_fd);
    if (!previous.empty()) {
        // Lock free but a pid left behind: its run died without cleaning up.
        int pid = std::atoi(previous.c_str());
        if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) {
            m_stale = true;
            m_stale_pid = previous;
        }
    }
    std::string me = std::to_string(::getpid()) + "\n";
    if (::ftruncate(m_fd, 0) == 0) {
        ::lseek(m_fd, 0, SEEK_SET);
        [[maybe_unused]] auto n = ::write(m_fd, me.data(), me.size());
    }
}

RefreshLock::~RefreshLock() {
    if (m_fd < 0) return;
    // Empty the pid so the next run does not report a stale lock after a clean exit.
    [[maybe_unused]] int r = ::ftruncate(m_fd, 0);
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
}

}  // namespace geoevent::gazetteer::detail
