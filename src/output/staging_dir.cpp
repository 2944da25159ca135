#include "output/staging_dir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "geoevent/error.hpp"

namespace geoevent::output::detail {

namespace fs = std::filesystem;

FileStamp stamp(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    return {st.st_dev, st.st_ino, static_cast<std::int64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

namespace {

std::string hint_for(int err) {
    switch (err) {
    case ENOENT: return "create the directory first";
    case EACCES:
    case EPERM:
    case EROFS: return "choose a writable location or fix the directory's permissions";
    case ENOSPC:
    case EDQUOT: return "free some disk space and run again; the target is untouched";
    default: return "the target, if it existed, is untouched";
    }
}

std::string base_name(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

void sync_directory(const std::string& dir) {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Several writers in one process (threads, tests) need distinct names as well.
std::atomic<unsigned> next_serial{0};

}  // namespace

StagingDir::StagingDir(std::string target, Where where)
    : m_target(std::move(target)), m_where(std::move(where)) {
    auto slash = m_target.find_last_of('/');
    m_dir = slash == std::string::npos ? "" : m_target.substr(0, slash + 1);
    m_name = m_target.substr(m_dir.size());
    auto dot = m_name.find_last_of('.');
    m_stem = dot == std::string::npos || dot == 0 ? m_name : m_name.substr(0, dot);

    std::string dir = m_dir.empty() ? "." : m_dir;
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) fail("cannot use the directory " + dir, errno);
    if (!S_ISDIR(st.st_mode)) fail("cannot use " + dir + " as a directory", ENOTDIR);
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        fail("cannot write to the directory " + dir, errno);

    // mkdir claims the name atomically; EEXIST is a leftover of a killed run with our pid.
    for (;;) {
        m_staging = m_dir + "." + m_name + ".tmp-" + std::to_string(::getpid()) + "-" +
                    std::to_string(next_serial++);
        if (::mkdir(m_staging.c_str(), 0755) == 0) break;
        if (errno != EEXIST) fail("cannot create a staging directory in " + dir, errno);
    }
    m_path = m_staging + "/" + m_name;
}

StagingDir::~StagingDir() { discard(); }

void StagingDir::fail(const std::string& what, int err) const {
    throw GdalError(describe(m_where) + ": " + what + ": " + std::strerror(err), hint_for(err));
}

std::vector<std::string> StagingDir::staged() const {
    std::vector<std::string> names;
    if (DIR* dir = ::opendir(m_staging.c_str())) {
        while (dirent* entry = ::readdir(dir)) {
            std::string name = entry->d_name;
            if (name != "." && name != "..") names.push_back(name);
        }
        ::closedir(dir);
    }
    return names;
}

bool StagingDir::shares_stem(const std::string& name) const {
    return name == m_stem || name.compare(0, m_stem.size() + 1, m_stem + ".") == 0;
}

void StagingDir::copy_from_target(const std::vector<std::string>& target_files) {
    for (const auto& file : target_files) {
        std::string name = base_name(file);
        if (!shares_stem(name)) continue;
        std::error_code ec;
        fs::copy_file(file, m_staging + "/" + name, ec);
        if (ec) fail("cannot copy " + file + " for appending", ec.value());
    }
}

void StagingDir::publish(bool replace, const std::vector<std::string>& old_files,
                         const std::string& exists_hint) {
    auto names = staged();
    if (std::find(names.begin(), names.end(), m_name) == names.end())
        throw GdalError(describe(m_where) + ": the driver wrote nothing (was a layer created?)",
                        "create at least one layer before close()");
    // The main file decides whether the target exists; moving it first means a refusal
    // leaves the old sidecars alone.
    std::stable_partition(names.begin(), names.end(), [&](const auto& n) { return n == m_name; });

    // GDAL does not fsync; without it a crash soon after the rename can leave an empty
    // target where the old one was.
    for (const auto& name : names) {
        int fd = ::open((m_staging + "/" + name).c_str(), O_RDONLY);
        if (fd < 0) continue;
        bool synced = ::fsync(fd) == 0;
        int err = errno;
        ::close(fd);
        if (!synced) fail("cannot sync " + m_staging + "/" + name, err);
    }

    for (const auto& name : names) {
        std::string from = m_staging + "/" + name;
        std::string to = m_dir + name;
        int rc = 0;
        if (name == m_name && !replace) {
            rc = ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
            if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {  // no NOREPLACE (e.g. NFS)
                errno = ::access(to.c_str(), F_OK) == 0 ? EEXIST : 0;
                rc = errno == EEXIST ? -1 : ::rename(from.c_str(), to.c_str());
            }
            if (rc != 0 && errno == EEXIST)
                throw UsageError(m_target + " was created by someone else while writing",
                                 exists_hint);
        } else {
            rc = ::rename(from.c_str(), to.c_str());
        }
        if (rc != 0) fail("cannot move " + from + " to " + to, errno);
    }

    for (const auto& old : old_files) {
        std::string name = base_name(old);
        if (shares_stem(name) && std::find(names.begin(), names.end(), name) == names.end())
            ::unlink((m_dir + name).c_str());
    }
    discard();              // now empty
    sync_directory(m_dir);  // the renames are durable only once the directory is
}

void StagingDir::discard() noexcept {
    std::error_code ec;
    fs::remove_all(m_staging, ec);
}

}  // namespace geoevent::output::detail
