#include "geoevent/pipeline/partial_events.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <queue>
#include <regex>
#include <vector>

#include "geoevent/error.hpp"
#include "pipeline/event_spill.hpp"

namespace geoevent::pipeline {

namespace fs = std::filesystem;

namespace {

constexpr char magic[] = "GEOEVENT-PARTIAL";  // 16 bytes, then version, byte order, shard
constexpr std::uint32_t version = 1;
constexpr std::uint32_t byte_order = 0x01020304;
constexpr std::size_t buffer = 64u << 10;

std::string header(Shard shard) {
    std::string h(magic, 16);
    for (std::uint32_t v : {version, byte_order, shard.index, shard.count})
        h.append(reinterpret_cast<const char*>(&v), sizeof v);
    return h;
}

Shard parse_header(const std::string& h, const std::string& path) {
    std::uint32_t v[4];
    std::memcpy(v, h.data() + 16, sizeof v);
    if (h.compare(0, 16, magic, 16) != 0 || v[0] != version || v[1] != byte_order)
        throw Error(path + " is not a partial event file of this geoevent version and machine architecture",
                    "re-run the extract shards with this geoevent");
    return {v[2], v[3]};
}

void sync_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

std::string partial_file_name(Shard shard) {
    return "shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) + ".events";
}

struct PartialWriter::Impl {
    std::string tmp;
    std::unique_ptr<detail::SpillWriter> writer;
    bool committed = false;
};

PartialWriter::PartialWriter(const std::string& dir, Shard shard) : m_impl(std::make_unique<Impl>()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error("cannot create the partial events directory " + dir + ": " + ec.message(),
                    "choose a writable directory (shared by all machines of the run)");
    m_final = (fs::path(dir) / partial_file_name(shard)).string();
    // Hidden and per process: never mistaken for a published file, never shared by two attempts.
    m_impl->tmp = (fs::path(dir) / ("." + partial_file_name(shard) + ".tmp-" + std::to_string(::getpid()))).string();
    m_impl->writer = std::make_unique<detail::SpillWriter>(m_impl->tmp, buffer);
    m_impl->writer->write_bytes(header(shard));
}

PartialWriter::~PartialWriter() {
    if (m_impl && !m_impl->committed) {
        m_impl->writer.reset();
        std::error_code ignored;
        fs::remove(m_impl->tmp, ignored);
    }
}

void PartialWriter::add(std::uint64_t seq, const event::Event& e) { m_impl->writer->write(seq, e); }

void PartialWriter::commit() {
    m_impl->writer->close();
    sync_file(m_impl->tmp);
    std::error_code ec;
    fs::rename(m_impl->tmp, m_final, ec);
    if (ec) throw Error("cannot publish " + m_final + ": " + ec.message(), "check the directory's permissions");
    sync_file(fs::path(m_final).parent_path().string());
    m_impl->committed = true;
}

std::uint64_t read_partials(const std::string& dir,
                            const std::function<void(std::uint64_t seq, event::Event&&)>& sink) {
    static const std::regex name(R"(shard-(\d+)-of-(\d+)\.events)");
    std::vector<std::string> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (std::regex_match(it->path().filename().string(), name)) files.push_back(it->path().string());
    if (ec) throw Error("cannot read the partial events directory " + dir + ": " + ec.message(), "check the path");
    if (files.empty())
        throw Error("no partial event files (shard-I-of-N.events) in " + dir,
                    "run `geoevent extract INPUT --shard I/N --partial-out " + dir + "` for every shard first");
    std::sort(files.begin(), files.end());
    std::vector<std::unique_ptr<detail::SpillReader>> readers;
    std::uint32_t count = 0;
    std::vector<bool> seen;
    for (auto& f : files) {
        auto r = std::make_unique<detail::SpillReader>(f, buffer);
        Shard s = parse_header(r->read_bytes(32), f);
        if (count == 0) {
            count = s.count;
            seen.assign(count, false);
        }
        if (s.count != count || s.index >= count || fs::path(f).filename() != partial_file_name(s))
            throw Error(dir + " mixes shard files of different runs (" + f + ")",
                        "keep one run's partial files per directory");
        seen[s.index] = true;
        readers.push_back(std::move(r));
    }
    for (std::uint32_t i = 0; i < count; ++i)
        if (!seen[i])
            throw Error("shard " + std::to_string(i) + "/" + std::to_string(count) + " is missing from " + dir,
                        "re-run `geoevent extract INPUT --shard " + std::to_string(i) + "/" + std::to_string(count) +
                            " --partial-out " + dir + "`");
    // k-way merge by input position; each file is already in input order.
    return detail::merge_runs(
        readers, [](const detail::SpilledEvent& a, const detail::SpilledEvent& b) { return a.seq < b.seq; },
        [&](detail::SpilledEvent&& v) { sink(v.seq, std::move(v.event)); });
}

}  // namespace geoevent::pipeline
