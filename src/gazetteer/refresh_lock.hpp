#pragma once
// An exclusive lock on `<index>.lock` held with flock(2): the kernel releases it when the
// holder dies, so a lock left by a killed run can never block the next one. The file also
// records the holder's pid so a refused run can say who holds it.
#include <string>

namespace geoevent::gazetteer::detail {

class RefreshLock {
public:
    // Throws RefreshLockedError when another live process holds the lock.
    explicit RefreshLock(const std::string& index_path);
    ~RefreshLock();
    RefreshLock(const RefreshLock&) = delete;
    RefreshLock& operator=(const RefreshLock&) = delete;
    // Set when the lock file named a process that no longer runs (a killed refresh).
    bool took_over_stale() const noexcept { return m_stale; }
    const std::string& stale_pid() const noexcept { return m_stale_pid; }

private:
    int m_fd = -1;
    bool m_stale = false;
    std::string m_stale_pid;
};

}  // namespace geoevent::gazetteer::detail
