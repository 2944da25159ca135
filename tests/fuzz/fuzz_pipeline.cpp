// libFuzzer target: the whole text pipeline on arbitrary article text — tokenizer, toponym
// tagger and resolver against the embedded gazetteer, then the event extractor and merger.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "geoevent/event/extractor.hpp"
#include "geoevent/event/lexicon.hpp"
#include "geoevent/gazetteer/index.hpp"
#include "geoevent/gazetteer/index_builder.hpp"
#include "geoevent/io/article.hpp"
#include "geoevent/toponym/geoparser.hpp"
#include "geoevent/toponym/lexicon.hpp"

namespace {

struct Pipeline {
    geoevent::gazetteer::Index index;
    geoevent::toponym::Lexicon toponyms;
    geoevent::event::EventLexicon events;
    geoevent::toponym::Geoparser geoparser;
    geoevent::event::Extractor extractor;

    static geoevent::gazetteer::Index build_index() {
        // The fuzz build skips the default index, so build the same one here, once.
        const std::string path = "/tmp/geoevent-fuzz-pipeline-" + std::to_string(::getpid()) + ".gidx";
        geoevent::gazetteer::IndexBuilder builder;
        builder.add_places_file(GEOEVENT_SOURCE_DIR "/gazetteer/places.txt.gz");
        builder.add_demonyms_file(GEOEVENT_SOURCE_DIR "/gazetteer/demonyms.tsv");
        builder.write(path);
        auto index = geoevent::gazetteer::Index::open(path);
        ::unlink(path.c_str());  // the mapping stays valid
        return index;
    }

    Pipeline()
        : index(build_index()),
          toponyms(geoevent::toponym::Lexicon::load(GEOEVENT_SOURCE_DIR "/lexicon")),
          events(geoevent::event::EventLexicon::load(GEOEVENT_SOURCE_DIR "/lexicon")),
          geoparser(index, toponyms),
          extractor(events) {}
};

Pipeline* pipeline = nullptr;  // never freed: shared by every run

}  // namespace

// Building the index takes seconds under the sanitizers: done before libFuzzer's per-input
// timeout starts counting.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    pipeline = new Pipeline();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    geoevent::io::Article article;
    article.id = "fuzz";
    article.text.assign(reinterpret_cast<const char*>(data), size);
    article.date = "2017-11-09";
    // The first byte picks the language path (fixed or detected) so all three get covered.
    if (size > 0) article.lang = (data[0] % 3 == 0) ? "fr" : (data[0] % 3 == 1) ? "en" : "";
    auto mentions = pipeline->geoparser.parse(article);
    auto result = pipeline->extractor.extract(article, mentions);
    auto merged = geoevent::event::merge_events(std::move(result.events));
    for (auto& e : merged) geoevent::event::finalize(e, pipeline->events);
    return 0;
}
