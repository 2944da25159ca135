#pragma once
// Exception hierarchy of the library. Every error carries enough context for the CLI to
// print one line that names the file/line (or dataset, or JSON pointer) and a hint.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace geoevent {

// Root of everything the library throws on purpose. `hint()` is a sentence telling the
// user what to do; the CLI prints it on its own `hint:` line.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what, std::string hint = {})
        : std::runtime_error(what), m_hint(std::move(hint)) {}
    const std::string& hint() const noexcept { return m_hint; }

private:
    std::string m_hint;
};

// Bad input data: a file (or stream) and, when known, the 1-based line and column.
class InputError : public Error {
public:
    InputError(std::string file, std::uint64_t line, const std::string& message,
               std::string hint = {}, std::uint64_t column = 0)
        : Error(format(file, line, column, message), std::move(hint)),
          m_file(std::move(file)), m_line(line), m_column(column) {}
    const std::string& file() const noexcept { return m_file; }
    std::uint64_t line() const noexcept { return m_line; }
    std::uint64_t column() const noexcept { return m_column; }

private:
    static std::string format(const std::string& file, std::uint64_t line,
                              std::uint64_t column, const std::string& message) {
        std::string s = file;
        if (line > 0) s += ":" + std::to_string(line);
        if (column > 0) s += ":" + std::to_string(column);
        return s + ": " + message;
    }
    std::string m_file;
    std::uint64_t m_line;
    std::uint64_t m_column;
};

// A configuration or lexicon file whose content is invalid; `pointer` is a JSON pointer.
class ConfigError : public Error {
public:
    ConfigError(std::string file, std::string pointer, const std::string& message,
                std::string hint = {})
        : Error(file + (pointer.empty() ? "" : " at " + pointer) + ": " + message,
                std::move(hint)),
          m_file(std::move(file)), m_pointer(std::move(pointer)) {}
    const std::string& file() const noexcept { return m_file; }
    const std::string& pointer() const noexcept { return m_pointer; }

private:
    std::string m_file;
    std::string m_pointer;
};

// The gazetteer index is missing, corrupt, of another version, or cannot be built.
class GazetteerError : public Error {
public:
    using Error::Error;
};

// GDAL/OGR refused something; the message includes driver, dataset, layer and GDAL's text.
class GdalError : public Error {
public:
    using Error::Error;
};

// The user asked for something that is not possible (bad option combination, unknown CRS…).
class UsageError : public Error {
public:
    using Error::Error;
};

}  // namespace geoevent
