// Features per second writing events with DatasetWriter, for comparison with ogr2ogr
// converting the same features (bench/writer_bench.sh runs both; numbers in RESULTS.md).
//
//   geoevent_bench_writer write N TARGET [DRIVER [BATCH]]   time writing N synthetic events
//   (BATCH: features per transaction, WriterOptions::batch_size)
//
// The events have the 27 fields of `geoevent extract`'s layer and its default style, so
// the writer does all it does in a real run (type checks, event_id de-duplication, style
// classes, spatial index, staging and rename). 4096 distinct events are generated before
// the clock starts and cycled through with a fresh event_id each, so that 1 M events need
// no gigabytes of memory and the clock measures the writer, not the generator.
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "geoevent/error.hpp"
#include "geoevent/output/dataset_writer.hpp"

using namespace geoevent::output;

namespace {

LayerDef events_layer() {
    LayerDef def;
    def.name = "events";
    def.unique_field = "event_id";
    const char* strings[] = {"event_class", "event_type", "sub_event_type"};
    def.fields.push_back({"event_id", FieldType::string});
    for (const char* s : strings) def.fields.push_back({s, FieldType::string});
    def.fields.push_back({"event_date", FieldType::date});
    def.fields.push_back({"time_precision", FieldType::integer});
    def.fields.push_back({"actor1", FieldType::string});
    def.fields.push_back({"assoc_actor_1", FieldType::string});
    def.fields.push_back({"inter1", FieldType::integer});
    def.fields.push_back({"actor2", FieldType::string});
    def.fields.push_back({"assoc_actor_2", FieldType::string});
    def.fields.push_back({"inter2", FieldType::integer});
    for (const char* s : {"country", "iso", "admin1", "admin2", "location"})
        def.fields.push_back({s, FieldType::string});
    def.fields.push_back({"geonameid", FieldType::integer64});
    def.fields.push_back({"latitude", FieldType::real});
    def.fields.push_back({"longitude", FieldType::real});
    def.fields.push_back({"geo_precision", FieldType::integer});
    for (const char* s : {"source", "source_id", "source_url", "notes"})
        def.fields.push_back({s, FieldType::string});
    def.fields.push_back({"confidence", FieldType::real});
    def.fields.push_back({"lang", FieldType::string});
    def.style = LayerStyle{"actor1", "concat(\"location\", ' ', \"event_date\")", "event_date", "", "Events"};
    return def;
}

std::string event_id(std::size_t i) {
    char id[32];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(i * 2654435761u));
    return id;
}

std::vector<Feature> make_events(std::size_t n) {
    static const char* actors[] = {"Islamic State", "Syrian government forces", "Iraqi government forces",
                                   "Syrian Democratic Forces", "Hezbollah", "Popular Mobilization Forces"};
    static const char* places[] = {"Ālbū Kamāl", "Al Qā’im", "Rāwah", "Deir ez-Zor", "Al Mayādīn", "Raqqa"};
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> lon(35.5, 48.0), lat(29.5, 37.0);
    std::vector<Feature> events;
    events.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        double x = lon(rng), y = lat(rng);
        std::size_t a = rng() % 6, b = rng() % 6, p = rng() % 6;
        Feature f;
        f.values = {event_id(i), std::string("control_change"), std::string("Strategic developments"),
                    std::string("Non-violent transfer of territory"),
                    Date{2017, int(1 + i % 12), int(1 + i % 28)}, std::int64_t(1 + i % 3),
                    std::string(actors[a]), std::string("Hezbollah; Russian armed forces"), std::int64_t(1),
                    std::string(actors[b]), Value{}, std::int64_t(2), std::string("Syria"),
                    std::string("SY"), std::string("Deir ez-Zor"), Value{}, std::string(places[p]),
                    std::int64_t(170000 + i), y, x, std::int64_t(1), std::string("AFP"),
                    std::string("article-") + std::to_string(i / 3),
                    std::string("https://example.org/news/") + std::to_string(i / 3),
                    std::string("Les forces gouvernementales ont repris la ville, selon une ONG."), 0.8,
                    std::string("fr")};
        f.geometry = LonLat{x, y};
        events.push_back(std::move(f));
    }
    return events;
}

// CPU seconds (user + system) of this process: on a shared, loaded machine a steadier
// measure of the writer's own cost than the wall clock.
double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](timeval t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4 || std::string(argv[1]) != "write") {
        std::fprintf(stderr, "usage: %s write N TARGET [DRIVER [BATCH]]\n", argv[0]);
        return 2;
    }
    std::size_t n = std::strtoull(argv[2], nullptr, 10);
    std::string target = argv[3];
    WriterOptions options;
    options.overwrite = true;
    if (argc > 4) options.driver = argv[4];
    if (argc > 5) options.batch_size = std::strtoull(argv[5], nullptr, 10);
    auto events = make_events(4096);
    try {
        double cpu_start = cpu_seconds();
        auto start = std::chrono::steady_clock::now();
        auto writer = DatasetWriter::open(target, options);
        auto layer = writer.layer(events_layer());
        for (std::size_t i = 0; i < n; ++i) {
            Feature& e = events[i % events.size()];
            std::get<std::string>(e.values[0]) = event_id(i);  // unique: none is skipped
            writer.write(layer, e);
        }
        auto written = std::chrono::steady_clock::now();
        double cpu_written = cpu_seconds();
        writer.close();  // spatial index, FlatGeobuf's sort, commit, rename
        auto end = std::chrono::steady_clock::now();
        double total = std::chrono::duration<double>(end - start).count();
        double closing = std::chrono::duration<double>(end - written).count();
        double cpu_end = cpu_seconds();
        double cpu = cpu_end - cpu_start;
        double count = double(writer.counts().written);
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        std::printf("%s\t%s\t%.0f features\twall %.2f s (close %.2f s)\t%.0f features/s\tcpu %.2f s (close %.2f s)\t%.0f features/cpu-s\tmax RSS %ld MiB\n",
                    writer.driver().c_str(), target.c_str(), count, total, closing, count / total, cpu,
                    cpu_end - cpu_written, count / cpu, usage.ru_maxrss / 1024);
    } catch (const geoevent::Error& e) {
        std::fprintf(stderr, "error: %s\nhint: %s\n", e.what(), e.hint().c_str());
        return 1;
    }
    return 0;
}
