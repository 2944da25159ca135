// The index's write and verify paths at size: the section writer (CRC and write() on a
// second thread) and the checksum pass of Index::open (two halves on two threads). Both
// are checked against a CRC-32 computed here, bit by bit, independently of zlib.
#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "gazetteer/index_format.hpp"
#include "gazetteer/section_writer.hpp"
#include "gazetteer/spill_file.hpp"
#include "gazetteer/temp_dir.hpp"
#include "geoevent/error.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "io/atomic_file.hpp"
#include "test_config.hpp"

using namespace geoevent::gazetteer;
using namespace geoevent::gazetteer::detail;
using geoevent::test::TempDir;

namespace {

std::uint32_t reference_crc32(const std::string& bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : bytes) {
        crc ^= c;
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void spit(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("the section writer writes every byte in order with the CRC-32 of them all", "[gazetteer][build]") {
    TempDir dir;
    std::mt19937 rng(11);
    std::string expected;
    const std::string header(16, 'H');
    const std::string target = dir / "out.bin";
    {
        geoevent::io::AtomicFile out(target);
        out.write(header.data(), header.size());
        SpillFile spilled(dir.path().string());
        std::string spilled_bytes;
        for (int i = 0; i < 3 * (1 << 20) + 17; ++i) spilled_bytes.push_back(static_cast<char>(rng()));
        spilled.append(spilled_bytes.data(), spilled_bytes.size());
        spilled.flush();
        {
            SectionWriter w(out, header.size());
            // Pieces from one byte to several buffers: ~22 MiB, so buffers are reused many
            // times while the writer thread still holds others.
            while (expected.size() < (22u << 20)) {
                std::size_t n = rng() % 5 == 0 ? rng() % (9u << 20) : rng() % 5000;
                std::string piece(n, '\0');
                for (char& c : piece) c = static_cast<char>(rng());
                w.write(piece.data(), piece.size());
                expected += piece;
                REQUIRE(w.position() == header.size() + expected.size());
                if (rng() % 7 == 0) {
                    std::uint64_t at = (w.position() + 7) & ~7ull;
                    w.pad_to(at);
                    expected.resize(at - header.size(), '\0');
                }
                if (rng() % 9 == 0) {
                    w.copy(spilled);
                    expected += spilled_bytes;
                }
            }
            w.flush();
            CHECK(w.position() == header.size() + expected.size());
            CHECK(w.crc() == reference_crc32(expected));
            // Writing on after a flush continues the same stream and CRC.
            w.write("tail", 4);
            expected += "tail";
            w.flush();
            CHECK(w.crc() == reference_crc32(expected));
        }
        out.commit();
    }
    const std::string got = slurp(target);
    REQUIRE(got.size() == header.size() + expected.size());
    CHECK(got.substr(0, header.size()) == header);
    CHECK(got.substr(header.size()) == expected);
}

TEST_CASE("a verified open checks both halves of the file: checksum and record ranges", "[gazetteer]") {
    TempDir dir;
    const std::string good = slurp(geoevent::test::default_index);
    REQUIRE(good.size() > (8u << 20));  // large enough to be checked on two threads
    Header h;
    std::memcpy(&h, good.data(), sizeof h);
    REQUIRE(reference_crc32(good.substr(sizeof h)) == h.checksum);
    CHECK_NOTHROW(Index::open(geoevent::test::default_index, Verify::checksum));

    auto expect_refused = [&](const std::string& bytes, const std::string& reason) {
        const std::string bad = dir / "bad.gidx";
        spit(bad, bytes);
        try {
            Index::open(bad, Verify::checksum);
            FAIL("opened a damaged index: " << reason);
        } catch (const geoevent::GazetteerError& e) {
            CHECK_THAT(std::string(e.what()), Catch::Contains(reason));
        }
        // The structure alone is intact: only the verified open can tell.
        CHECK_NOTHROW(Index::open(bad, Verify::structure));
    };
    // A place index past the table, with the checksum made to match: only the record check
    // can find it, in whichever half of the file it is.
    const std::uint64_t first = h.postings_offset, last = h.postings_offset + (h.posting_count - 1) * sizeof(Posting);
    for (std::uint64_t at : {first, first + (last - first) / 2 / sizeof(Posting) * sizeof(Posting), last}) {
        INFO("posting at byte " << at << " of " << good.size());
        std::string bytes = good;
        Posting p;
        std::memcpy(&p, bytes.data() + at, sizeof p);
        p.place = static_cast<std::uint32_t>(h.place_count + 5);
        std::memcpy(bytes.data() + at, &p, sizeof p);
        Header fixed = h;
        fixed.checksum = reference_crc32(bytes.substr(sizeof h));
        std::memcpy(bytes.data(), &fixed, sizeof fixed);
        expect_refused(bytes, "posting points past the place table");
    }
    // Any flipped byte, on either side of the middle, fails the combined checksum.
    for (std::size_t at : {sizeof(Header) + 3, good.size() / 2 - 1, good.size() / 2 + 1, good.size() - 1}) {
        std::string bytes = good;
        bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
        expect_refused(bytes, "checksum mismatch");
    }
}
