#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "geoevent/error.hpp"
#include "geoevent/io/inputs.hpp"

namespace geoevent::io {

namespace fs = std::filesystem;

namespace {

bool has_glob_chars(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

std::vector<std::string> expand_glob(const std::string& pattern) {
    glob_t g{};
    int rc = ::glob(pattern.c_str(), 0, nullptr, &g);  // sorted by glob(3)
    std::vector<std::string> out;
    if (rc == 0)
        for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
    ::globfree(&g);
    if (out.empty())
        throw InputError(pattern, 0, "no file matches this pattern",
                         "check the pattern; quote it so the shell passes it unexpanded to geoevent");
    return out;
}

// One directory's entries, sorted, and how far the walk got.
struct Level {
    std::vector<std::string> entries;
    std::size_t next = 0;
};

Level list_directory(const std::string& dir) {
    Level level;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        level.entries.push_back(it->path().string());
    }
    if (ec) throw InputError(dir, 0, "cannot read the directory: " + ec.message(), "check its permissions");
    std::sort(level.entries.begin(), level.entries.end());
    return level;
}

}  // namespace

struct InputWalker::Impl {
    std::vector<std::string> arguments;
    std::size_t next_argument = 0;
    std::vector<std::string> matches;  // of the current glob
    std::size_t next_match = 0;
    std::vector<Level> stack;          // directories being walked

    // Files go out; directories are pushed and walked.
    bool offer(const std::string& path, std::string& out) {
        std::error_code ec;
        if (path != "-" && fs::is_directory(path, ec)) {
            stack.push_back(list_directory(path));
            return false;
        }
        out = path;
        return true;
    }
};

InputWalker::InputWalker(std::vector<std::string> arguments) : m_impl(std::make_unique<Impl>()) {
    m_impl->arguments = std::move(arguments);
}
InputWalker::~InputWalker() = default;
InputWalker::InputWalker(InputWalker&&) noexcept = default;
InputWalker& InputWalker::operator=(InputWalker&&) noexcept = default;

bool InputWalker::next(std::string& path) {
    auto& s = *m_impl;
    for (;;) {
        if (!s.stack.empty()) {
            Level& top = s.stack.back();
            if (top.next == top.entries.size()) {
                s.stack.pop_back();
                continue;
            }
            std::string entry = std::move(top.entries[top.next++]);
            std::error_code ec;
            // Only regular files (or links to them) are articles; sockets, fifos are not.
            if (!fs::is_directory(entry, ec) && !fs::is_regular_file(entry, ec)) continue;
            if (s.offer(entry, path)) return true;
            continue;
        }
        if (s.next_match < s.matches.size()) {
            if (s.offer(s.matches[s.next_match++], path)) return true;
            continue;
        }
        if (s.next_argument == s.arguments.size()) return false;
        const std::string& arg = s.arguments[s.next_argument++];
        std::error_code ec;
        if (arg != "-" && !fs::exists(arg, ec) && has_glob_chars(arg)) {
            s.matches = expand_glob(arg);
            s.next_match = 0;
            continue;
        }
        if (s.offer(arg, path)) return true;
    }
}

std::uint64_t known_input_bytes(const std::vector<std::string>& arguments) {
    InputWalker walker(arguments);
    std::uint64_t total = 0;
    for (std::string path; walker.next(path);) {
        auto dot = path.rfind('.');
        std::string ext = dot == std::string::npos ? "" : path.substr(dot);
        if (path == "-" || ext == ".gz" || ext == ".zip") return 0;
        std::error_code ec;
        auto size = fs::file_size(path, ec);
        if (ec) return 0;
        total += size;
    }
    return total;
}

}  // namespace geoevent::io
