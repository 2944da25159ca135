#include "pipeline/event_spill.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "geoevent/error.hpp"

namespace geoevent::pipeline::detail {

// A tripwire: a field added to Event must be added to write()/next() below too, or the
// merged output would silently lose it. Update the size here once the fields match.
// (The size is that of 64-bit libstdc++, the toolchain of every build here.)
#if defined(__GLIBCXX__) && __SIZEOF_POINTER__ == 8
static_assert(sizeof(event::Event) == 592, "event::Event changed: update the spill format in event_spill.cpp");
#endif

namespace {

Error io_error(const std::string& path, const std::string& what) {
    return Error("temporary event file " + path + ": " + what + (errno ? std::string(": ") + std::strerror(errno) : ""),
                 "check free space in the temporary directory ($TMPDIR or --tmp-dir)");
}

template <class T>
void put_raw(std::string& out, T v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put(std::string& out, const std::string& s) {
    put_raw<std::uint32_t>(out, static_cast<std::uint32_t>(s.size()));
    out += s;
}
void put(std::string& out, const std::vector<std::string>& v) {
    put_raw<std::uint32_t>(out, static_cast<std::uint32_t>(v.size()));
    for (auto& s : v) put(out, s);
}

class Cursor {
public:
    Cursor(const std::string& data, const std::string& path) : m_data(data), m_path(path) {}
    template <class T>
    T raw() {
        T v;
        need(sizeof v);
        std::memcpy(&v, m_data.data() + m_pos, sizeof v);
        m_pos += sizeof v;
        return v;
    }
    void get(std::string& s) {
        auto n = raw<std::uint32_t>();
        need(n);
        s.assign(m_data, m_pos, n);
        m_pos += n;
    }
    void get(std::vector<std::string>& v) {
        auto n = raw<std::uint32_t>();
        v.resize(n);
        for (auto& s : v) get(s);
    }

private:
    void need(std::size_t n) const {
        if (m_pos + n > m_data.size()) {
            errno = 0;
            throw io_error(m_path, "corrupt record");
        }
    }
    const std::string& m_data;
    const std::string& m_path;
    std::size_t m_pos = 0;
};

}  // namespace

SpillWriter::SpillWriter(std::string path, std::size_t buffer_bytes) : m_path(std::move(path)), m_buffer(buffer_bytes) {
    m_file = std::fopen(m_path.c_str(), "wb");
    if (!m_file) throw io_error(m_path, "cannot create");
    std::setvbuf(m_file, m_buffer.data(), _IOFBF, m_buffer.size());
}

SpillWriter SpillWriter::anonymous(const std::string& dir, std::size_t buffer_bytes) {
    SpillWriter w;
    w.m_path = dir + "/geoevent-spill-XXXXXX";
    int fd = ::mkstemp(w.m_path.data());
    if (fd < 0) throw io_error(w.m_path, "cannot create");
    ::unlink(w.m_path.c_str());
    w.m_file = ::fdopen(fd, "w+b");
    if (!w.m_file) {
        ::close(fd);
        throw io_error(w.m_path, "cannot open");
    }
    w.m_path += " (deleted)";
    w.m_buffer.resize(buffer_bytes);
    std::setvbuf(w.m_file, w.m_buffer.data(), _IOFBF, w.m_buffer.size());
    return w;
}

SpillWriter::SpillWriter(SpillWriter&& o) noexcept
    : m_path(std::move(o.m_path)), m_file(std::exchange(o.m_file, nullptr)), m_buffer(std::move(o.m_buffer)),
      m_record(std::move(o.m_record)), m_records(o.m_records) {}

SpillWriter::~SpillWriter() {
    if (m_file) std::fclose(m_file);
}

SpillReader SpillWriter::into_reader() {
    errno = 0;
    if (!m_file || std::fflush(m_file) != 0 || std::fseek(m_file, 0, SEEK_SET) != 0)
        throw io_error(m_path, "cannot read back");
    SpillReader r;
    r.m_path = m_path;
    r.m_file = std::exchange(m_file, nullptr);
    r.m_buffer = std::move(m_buffer);  // the stream keeps using this buffer
    return r;
}

void SpillWriter::write(std::uint64_t seq, const event::Event& e) {
    m_record.clear();
    put_raw(m_record, seq);
    put(m_record, e.event_id);
    put_raw(m_record, static_cast<std::uint8_t>(e.event_class));
    put(m_record, e.event_type);
    put(m_record, e.sub_event_type);
    put(m_record, e.date.iso);
    put_raw(m_record, e.date.precision);
    put(m_record, e.actor1);
    put(m_record, e.assoc_actor_1);
    put_raw(m_record, e.inter1);
    put(m_record, e.actor2);
    put(m_record, e.assoc_actor_2);
    put_raw(m_record, e.inter2);
    put(m_record, e.country);
    put(m_record, e.admin1);
    put(m_record, e.location);
    put_raw(m_record, e.geonameid);
    put_raw(m_record, e.latitude);
    put_raw(m_record, e.longitude);
    put_raw(m_record, e.geo_precision);
    put(m_record, e.source_id);
    put(m_record, e.source_url);
    put(m_record, e.source);
    put(m_record, e.source_date);
    put(m_record, e.lang);
    put(m_record, e.notes);
    put_raw(m_record, e.confidence);
    auto size = static_cast<std::uint32_t>(m_record.size());
    errno = 0;
    if (std::fwrite(&size, sizeof size, 1, m_file) != 1 ||
        std::fwrite(m_record.data(), 1, m_record.size(), m_file) != m_record.size())
        throw io_error(m_path, "write failed");
    ++m_records;
}

void SpillWriter::write_bytes(const std::string& bytes) {
    errno = 0;
    if (std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size()) throw io_error(m_path, "write failed");
}

void SpillWriter::close() {
    if (!m_file) return;
    errno = 0;
    int rc = std::fclose(m_file);
    m_file = nullptr;
    if (rc != 0) throw io_error(m_path, "write failed");
}

SpillReader::SpillReader(std::string path, std::size_t buffer_bytes) : m_path(std::move(path)), m_buffer(buffer_bytes) {
    m_file = std::fopen(m_path.c_str(), "rb");
    if (!m_file) throw io_error(m_path, "cannot open");
    std::setvbuf(m_file, m_buffer.data(), _IOFBF, m_buffer.size());
}

SpillReader::SpillReader(SpillReader&& o) noexcept
    : m_path(std::move(o.m_path)), m_file(std::exchange(o.m_file, nullptr)), m_buffer(std::move(o.m_buffer)),
      m_record(std::move(o.m_record)) {}

SpillReader::~SpillReader() {
    if (m_file) std::fclose(m_file);
}

std::string SpillReader::read_bytes(std::size_t n) {
    std::string out(n, '\0');
    errno = 0;
    if (std::fread(out.data(), 1, n, m_file) != n) throw io_error(m_path, "truncated header");
    return out;
}

bool SpillReader::next(SpilledEvent& out) {
    std::uint32_t size = 0;
    errno = 0;
    std::size_t got = std::fread(&size, 1, sizeof size, m_file);
    if (got == 0 && std::feof(m_file)) return false;
    if (got != sizeof size) throw io_error(m_path, "truncated record");
    m_record.resize(size);
    if (std::fread(m_record.data(), 1, size, m_file) != size) throw io_error(m_path, "truncated record");
    Cursor c(m_record, m_path);
    auto& e = out.event;
    out.seq = c.raw<std::uint64_t>();
    c.get(e.event_id);
    e.event_class = static_cast<event::EventClass>(c.raw<std::uint8_t>());
    c.get(e.event_type);
    c.get(e.sub_event_type);
    c.get(e.date.iso);
    e.date.precision = c.raw<int>();
    c.get(e.actor1);
    c.get(e.assoc_actor_1);
    e.inter1 = c.raw<int>();
    c.get(e.actor2);
    c.get(e.assoc_actor_2);
    e.inter2 = c.raw<int>();
    c.get(e.country);
    c.get(e.admin1);
    c.get(e.location);
    e.geonameid = c.raw<std::uint32_t>();
    e.latitude = c.raw<double>();
    e.longitude = c.raw<double>();
    e.geo_precision = c.raw<int>();
    c.get(e.source_id);
    c.get(e.source_url);
    c.get(e.source);
    c.get(e.source_date);
    c.get(e.lang);
    c.get(e.notes);
    e.confidence = c.raw<double>();
    return true;
}

}  // namespace geoevent::pipeline::detail
