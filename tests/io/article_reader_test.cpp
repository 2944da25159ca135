// Bad records must be reported with file and line and skipped; the good ones around
// them still arrive; --strict turns the first bad record into an InputError.
#include <catch2/catch.hpp>

#include <fstream>

#include "../gazetteer/temp_dir.hpp"
#include "geoevent/error.hpp"
#include "geoevent/io/article.hpp"

using namespace geoevent::io;

namespace {

struct Collected {
    std::vector<Article> articles;
    std::vector<Reject> rejects;
};

Collected read(const std::string& path, ReaderOptions options = {}) {
    Collected c;
    read_articles(
        path, options, [&](Article&& a) { c.articles.push_back(std::move(a)); },
        [&](const Reject& r) { c.rejects.push_back(r); });
    return c;
}

void write(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

TEST_CASE("JSON Lines: every field is read, ids default to file:line", "[io]") {
    geoevent::test::TempDir dir;
    auto path = dir / "a.jsonl";
    write(path,
          "{\"id\": \"x1\", \"text\": \"Rawa\", \"date\": \"2017-11-09\", \"lang\": \"fr\", \"title\": \"T\", "
          "\"url\": \"http://e\", \"spans\": [{\"start\": 0, \"end\": 4}]}\r\n"
          "{\"text\": \"sans id\"}\n"
          "{\"id\": 42, \"text\": \"numérique\"}");
    auto c = read(path);
    REQUIRE(c.rejects.empty());
    REQUIRE(c.articles.size() == 3);
    auto& a = c.articles[0];
    CHECK(a.id == "x1");
    CHECK(a.text == "Rawa");
    CHECK(a.date == "2017-11-09");
    CHECK(a.lang == "fr");
    CHECK(a.title == "T");
    CHECK(a.url == "http://e");
    REQUIRE(a.spans);
    CHECK(a.spans->at(0).end == 4);
    CHECK(a.line == 1);
    CHECK(c.articles[1].id == "a.jsonl:2");
    CHECK_FALSE(c.articles[1].spans);
    CHECK(c.articles[2].id == "42");
    CHECK(c.articles[2].line == 3);
}

TEST_CASE("JSON Lines: bad lines are reported with file and line, the others processed", "[io]") {
    geoevent::test::TempDir dir;
    auto path = dir / "bad.jsonl";
    std::string huge = "{\"id\": \"huge\", \"text\": \"" + std::string((10u << 20) + 10, 'a') + "\"}";
    write(path, std::string("{\"id\": \"ok1\", \"text\": \"Alep\"}\n") +  // 1
                    "\n" +                                                // 2 empty
                    "{\"id\": \"bad-utf8\", \"text\": \"Al\xe9p\"}\n" +   // 3
                    "{\"id\": \"broken\", \"text\": \"Alep\"\n" +         // 4 malformed
                    "{\"id\": \"notext\", \"body\": \"Alep\"}\n" +       // 5 missing text
                    huge + "\n" +                                         // 6 > 10 MB
                    "[1, 2]\n" +                                          // 7 not an object
                    "{\"id\": \"ok2\", \"text\": \"Mossoul\"}\n");        // 8
    auto c = read(path);
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[0].id == "ok1");
    CHECK(c.articles[1].id == "ok2");
    CHECK(c.articles[1].line == 8);
    REQUIRE(c.rejects.size() == 6);
    std::vector<std::uint64_t> lines;
    for (auto& r : c.rejects) {
        CHECK(r.file == path);
        lines.push_back(r.line);
    }
    CHECK(lines == std::vector<std::uint64_t>{2, 3, 4, 5, 6, 7});
    CHECK(c.rejects[0].reason == "empty line");
    CHECK(c.rejects[1].reason == "invalid UTF-8");
    CHECK(c.rejects[2].reason.find("malformed JSON") == 0);
    CHECK(c.rejects[3].reason == "missing \"text\"");
    CHECK(c.rejects[3].id == "notext");
    CHECK(c.rejects[4].reason.find("longer than the limit") != std::string::npos);
}

TEST_CASE("strict reading stops at the first bad record with file and line", "[io]") {
    geoevent::test::TempDir dir;
    auto path = dir / "s.jsonl";
    write(path, "{\"id\": \"ok\", \"text\": \"x\"}\n{\"id\": \"no\"}\n");
    ReaderOptions o;
    o.strict = true;
    try {
        read(path, o);
        FAIL("no exception");
    } catch (const geoevent::InputError& e) {
        CHECK(e.file() == path);
        CHECK(e.line() == 2);
        CHECK(std::string(e.what()).find("missing \"text\"") != std::string::npos);
    }
}

TEST_CASE("spans outside the text are rejected", "[io]") {
    Article a;
    auto err = parse_article_json(R"({"text": "Irak", "spans": [{"start": 2, "end": 9}]})", a);
    REQUIRE(err);
    CHECK(err->find("outside the text") != std::string::npos);
}

TEST_CASE("a plain-text file is one article named after the file", "[io]") {
    geoevent::test::TempDir dir;
    write(dir / "note.txt", "L'EI a quitté Boukamal.\nDeuxième ligne.");
    write(dir / "empty.txt", "  \n");
    write(dir / "latin1.txt", "Al\xe9p");
    auto c = read(dir / "note.txt");
    REQUIRE(c.articles.size() == 1);
    CHECK(c.articles[0].id == "note.txt");
    CHECK(c.articles[0].text.find("Deuxième") != std::string::npos);
    CHECK(read(dir / "empty.txt").rejects.at(0).reason == "empty file");
    CHECK(read(dir / "latin1.txt").rejects.at(0).reason == "invalid UTF-8");
    ReaderOptions small;
    small.max_article_bytes = 5;
    CHECK(read(dir / "note.txt", small).rejects.size() == 1);
}

TEST_CASE("a missing file is an InputError naming it", "[io]") {
    CHECK_THROWS_AS(read("/nonexistent/x.jsonl"), geoevent::InputError);
}
