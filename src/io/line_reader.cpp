#include "io/line_reader.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "geoevent/error.hpp"

namespace geoevent::io {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
}

std::string basename_without_ext(const std::string& path) {
    auto slash = path.find_last_of('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    auto dot = base.find_last_of('.');
    return dot == std::string::npos ? base : base.substr(0, dot);
}

std::string zip_member(const std::string& path) {
    std::string root = "/vsizip/" + path;
    char** entries = VSIReadDir(root.c_str());
    if (!entries) {
        throw InputError(path, 0, "cannot open as a zip archive (missing, truncated or not a zip)",
                         "check the download; GeoNames archives can be fetched again");
    }
    std::vector<std::string> txt;
    for (char** e = entries; *e; ++e)
        if (ends_with(*e, ".txt") && std::strcmp(*e, "readme.txt") != 0) txt.emplace_back(*e);
    CSLDestroy(entries);
    std::string wanted = basename_without_ext(path) + ".txt";
    for (auto& t : txt)
        if (t == wanted) return root + "/" + t;
    if (txt.size() == 1) return root + "/" + txt.front();
    throw InputError(path, 0, "zip archive has " + std::to_string(txt.size()) +
                                  " .txt members and none is named " + wanted,
                     "name the member explicitly: /vsizip/" + path + "/<member>.txt");
}

}  // namespace

std::string to_vsi_path(const std::string& path) {
    if (path.rfind("/vsi", 0) == 0) return path;
    if (ends_with(path, ".gz")) return "/vsigzip/" + path;
    if (ends_with(path, ".zip")) return zip_member(path);
    return path;
}

LineReader::LineReader(const std::string& path, std::size_t max_line_bytes)
    : m_path(path), m_vsi_path(to_vsi_path(path)), m_buffer(std::make_unique_for_overwrite<char[]>(buffer_size)),
      m_max_line_bytes(max_line_bytes) {
    CPLErrorReset();
    m_file = VSIFOpenL(m_vsi_path.c_str(), "rb");
    if (!m_file) {
        std::string reason = CPLGetLastErrorMsg();
        throw InputError(path, 0, "cannot open" + (reason.empty() ? "" : ": " + reason),
                         "check that the path exists and is readable");
    }
}

LineReader::~LineReader() {
    if (m_file) VSIFCloseL(static_cast<VSILFILE*>(m_file));
}

bool LineReader::fill() {
    if (m_eof) return false;
    if (m_begin > 0) {
        std::memmove(m_buffer.get(), m_buffer.get() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    CPLErrorReset();
    std::size_t got = VSIFReadL(m_buffer.get() + m_end, 1, buffer_size - m_end,
                                static_cast<VSILFILE*>(m_file));
    // /vsigzip/ and /vsizip/ report corrupt or truncated streams through CPLError only.
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw InputError(m_path, m_line_number + 1,
                         std::string("read error: ") + CPLGetLastErrorMsg(),
                         "the file is truncated or corrupt; download or copy it again");
    }
    if (got == 0) m_eof = true;
    m_end += got;
    m_bytes_read += got;
    return got > 0;
}

bool LineReader::next(std::string_view& line) {
    m_long_line.clear();
    for (;;) {
        const char* start = m_buffer.get() + m_begin;
        const void* nl = std::memchr(start, '\n', m_end - m_begin);
        if (nl) {
            std::size_t len = static_cast<const char*>(nl) - start;
            m_begin += len + 1;
            ++m_line_number;
            if (!m_long_line.empty()) {
                m_long_line.append(start, len);
                line = m_long_line;
            } else {
                line = std::string_view(start, len);
            }
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            return true;
        }
        if (m_begin == 0 && m_end == buffer_size) {
            // No newline in a full buffer: keep the partial line aside and read on.
            m_long_line.append(m_buffer.get(), m_end);
            m_begin = m_end = 0;
            if (m_long_line.size() > m_max_line_bytes) {
                throw InputError(m_path, m_line_number + 1,
                                 "line longer than " + std::to_string(m_max_line_bytes >> 20) + " MB",
                                 "this does not look like a line-oriented text file");
            }
        }
        if (!fill()) {
            if (m_begin == m_end && m_long_line.empty()) return false;
            // Last line without a terminator.
            m_long_line.append(m_buffer.get() + m_begin, m_end - m_begin);
            m_begin = m_end;
            ++m_line_number;
            line = m_long_line;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            m_eof = true;
            return true;
        }
    }
}

}  // namespace geoevent::io
