#pragma once
// How extract and toponyms report the articles they skip: a warning line on stderr for
// each (file:line, id, reason), and with --rejects a TSV of them for re-processing. A
// record read with a problem (a bad `date`) is only warned about.
#include <cstdint>
#include <fstream>
#include <ostream>
#include <string>

#include "geoevent/io/article.hpp"

namespace geoevent::cli {

class RejectsLog {
public:
    // `path` empty: stderr only. Throws Error when the TSV cannot be created.
    RejectsLog(std::ostream& err, const std::string& path);

    void skipped(const io::Reject& r);
    void warned(const io::Reject& r);
    std::uint64_t skipped_count() const noexcept { return m_skipped; }

private:
    void describe(const io::Reject& r);
    std::ostream& m_err;
    std::ofstream m_tsv;
    std::uint64_t m_skipped = 0;
};

}  // namespace geoevent::cli
