#include "geoevent/output/sources_table.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <queue>
#include <vector>

#include "geoevent/error.hpp"
#include "io/spill_file.hpp"

namespace geoevent::output {

namespace {

// A spilled row: this header, then the id, url and title bytes.
struct RecordHeader {
    std::uint32_t id_size, url_size, title_size;
    std::int32_t year;  // 0: no date
    std::uint8_t month, day;
};

void append_row(io::SpillFile& file, const std::string& id, const SourceRow& row) {
    RecordHeader h{};
    h.id_size = static_cast<std::uint32_t>(id.size());
    h.url_size = static_cast<std::uint32_t>(row.url.size());
    h.title_size = static_cast<std::uint32_t>(row.title.size());
    if (const auto* d = std::get_if<Date>(&row.date)) {
        h.year = d->year;
        h.month = static_cast<std::uint8_t>(d->month);
        h.day = static_cast<std::uint8_t>(d->day);
    }
    file.append(&h, sizeof h);
    file.append(id.data(), id.size());
    file.append(row.url.data(), row.url.size());
    file.append(row.title.data(), row.title.size());
}

// Reads one run (a byte range of the spill file) back, a buffer at a time.
class RunReader {
public:
    RunReader(const io::SpillFile& file, std::uint64_t begin, std::uint64_t end, std::size_t buffer_bytes)
        : m_file(&file), m_pos(begin), m_end(end), m_buffer(buffer_bytes) {}

    bool next(std::string& id, SourceRow& row) {
        if (m_at == m_len && m_pos == m_end) return false;
        RecordHeader h;
        read(&h, sizeof h);
        read_string(id, h.id_size);
        read_string(row.url, h.url_size);
        read_string(row.title, h.title_size);
        row.date = h.year == 0 ? Value{} : Value{Date{h.year, h.month, h.day}};
        return true;
    }

private:
    void read_string(std::string& s, std::size_t n) {
        s.resize(n);
        read(s.data(), n);
    }
    void read(void* out, std::size_t n) {
        char* p = static_cast<char*>(out);
        while (n > 0) {
            if (m_at == m_len) refill();
            std::size_t k = std::min(n, m_len - m_at);
            std::memcpy(p, m_buffer.data() + m_at, k);
            m_at += k;
            p += k;
            n -= k;
        }
    }
    void refill() {
        std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(m_buffer.size(), m_end - m_pos));
        if (k == 0) throw Error("the sources table's temporary file ended inside a record", "report this as a bug");
        m_file->read_at(m_pos, m_buffer.data(), k);
        m_pos += k;
        m_len = k;
        m_at = 0;
    }
    const io::SpillFile* m_file;
    std::uint64_t m_pos, m_end;
    std::vector<char> m_buffer;
    std::size_t m_at = 0, m_len = 0;
};

}  // namespace

struct SourcesTable::Runs {
    explicit Runs(const std::string& dir)
        : file(dir, [dir](const std::string& message) {
              throw Error(message, "the sources table of a large run is sorted in temporary files: check free space "
                                   "and permissions in " + dir + " (--tmp-dir or $TMPDIR)");
          }, 256u << 10) {}  // its runs are ~1 MB: a bigger buffer would only grow the peak
    io::SpillFile file;
    std::vector<std::uint64_t> ends;  // run i is [ends[i-1], ends[i])
};

LayerDef SourcesTable::definition() {
    LayerDef def;
    def.name = layer_name;
    def.fields = {{"source_id", FieldType::string},
                  {"url", FieldType::string},
                  {"date", FieldType::date},
                  {"title", FieldType::string}};
    def.geometry = GeometryType::none;
    def.unique_field = "source_id";
    return def;
}

SourcesTable::SourcesTable(std::string tmp_dir, std::size_t rows_in_memory)
    : m_tmp_dir(std::move(tmp_dir)), m_rows_in_memory(rows_in_memory > 0 ? rows_in_memory : 1) {}

SourcesTable::~SourcesTable() = default;

std::size_t SourcesTable::runs() const noexcept { return m_runs ? m_runs->ends.size() : 0; }

void SourcesTable::add(const std::string& id, SourceRow row) {
    if (id.empty()) return;
    m_rows.try_emplace(id, std::move(row));
    if (m_rows.size() >= m_rows_in_memory) spill();
}

void SourcesTable::spill() {
    if (!m_runs)
        m_runs = std::make_unique<Runs>(m_tmp_dir.empty() ? std::filesystem::temp_directory_path().string()
                                                           : m_tmp_dir);
    for (const auto& [id, row] : m_rows) append_row(m_runs->file, id, row);
    m_runs->ends.push_back(m_runs->file.size());
    m_rows.clear();
}

void SourcesTable::drain(const std::function<void(const std::string&, const SourceRow&)>& sink) {
    if (!m_runs) {
        for (const auto& [id, row] : m_rows) sink(id, row);
        m_rows.clear();
        return;
    }
    spill();  // the rows in memory are the newest run
    m_runs->file.flush();
    // A k-way merge by (id, run): an id's row from the earliest run is the first given.
    struct Head {
        std::string id;
        SourceRow row;
        std::size_t run;
    };
    auto after = [](const Head* a, const Head* b) { return a->id != b->id ? a->id > b->id : a->run > b->run; };
    // The merge's buffers share a fixed 1 MiB, so that many runs do not make it grow; the
    // runs are read in order from a file the page cache holds, so small reads cost little.
    const std::size_t runs = m_runs->ends.size();
    const std::size_t buffer_bytes = std::clamp<std::size_t>((1u << 20) / runs, 4096, 16 * 1024);
    std::vector<RunReader> readers;
    readers.reserve(runs);
    std::vector<Head> heads(runs);
    std::priority_queue<Head*, std::vector<Head*>, decltype(after)> queue(after);
    for (std::size_t i = 0; i < runs; ++i) {
        readers.emplace_back(m_runs->file, i == 0 ? 0 : m_runs->ends[i - 1], m_runs->ends[i], buffer_bytes);
        heads[i].run = i;
        if (readers[i].next(heads[i].id, heads[i].row)) queue.push(&heads[i]);
    }
    std::string last;
    bool any = false;
    while (!queue.empty()) {
        Head* h = queue.top();
        queue.pop();
        if (!any || h->id != last) {
            sink(h->id, h->row);
            last = h->id;
            any = true;
        }
        if (readers[h->run].next(h->id, h->row)) queue.push(h);
    }
    m_runs.reset();
}

bool SourcesTable::write(DatasetWriter& writer) {
    if (!writer.holds_several_layers()) return false;
    auto layer = writer.layer(definition());
    auto text = [](const std::string& s) { return s.empty() ? Value{} : Value{s}; };
    drain([&](const std::string& id, const SourceRow& row) {
        writer.write(layer, Feature{{id, text(row.url), row.date, text(row.title)}, {}});
    });
    return true;
}

}  // namespace geoevent::output
