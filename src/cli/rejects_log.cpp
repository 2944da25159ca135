#include "cli/rejects_log.hpp"

#include "geoevent/error.hpp"

namespace geoevent::cli {

RejectsLog::RejectsLog(std::ostream& err, const std::string& path) : m_err(err) {
    if (path.empty()) return;
    m_tsv.open(path);
    if (!m_tsv) throw Error("cannot write " + path, "choose a writable path for --rejects");
    m_tsv << "file\tline\tid\treason\n";
}

void RejectsLog::describe(const io::Reject& r) {
    m_err << "geoevent: warning: " << r.file;
    if (r.line) m_err << ':' << r.line;
    m_err << ": " << r.reason;
    if (!r.id.empty()) m_err << " (article '" << r.id << "')";
}

void RejectsLog::skipped(const io::Reject& r) {
    ++m_skipped;
    describe(r);
    m_err << "; skipped\n";
    if (m_tsv.is_open()) m_tsv << r.file << '\t' << r.line << '\t' << r.id << '\t' << r.reason << '\n' << std::flush;
}

void RejectsLog::warned(const io::Reject& r) {
    describe(r);
    m_err << '\n';
}

}  // namespace geoevent::cli
