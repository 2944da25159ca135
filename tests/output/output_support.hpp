#pragma once
// Shared by the output tests: a sample layer of three events with every field type, and
// reading back what was written with plain OGR, independently of the writer.
#include <dirent.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gazetteer/temp_dir.hpp"
#include "geoevent/error.hpp"
#include "geoevent/output/dataset_writer.hpp"

namespace geoevent::test {

using namespace geoevent::output;

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

inline LayerDef events_def(std::string name = "events") {
    return {std::move(name),
            {{"event_id", FieldType::string},
             {"casualties", FieldType::integer},
             {"source_id", FieldType::integer64},
             {"confidence", FieldType::real},
             {"event_date", FieldType::date},
             {"reported_at", FieldType::date_time},
             {"place", FieldType::string}},
            GeometryType::point,
            "event_id"};
}

inline Feature event(const std::string& id, std::int64_t casualties, std::int64_t source,
                     double confidence, Date date, DateTime reported, const std::string& place,
                     double lon, double lat) {
    return {{id, casualties, source, confidence, date, reported, place}, LonLat{lon, lat}};
}

// Non-ASCII names, a 64-bit id beyond 2^32, INT32_MAX, a negative, dates at year ends.
inline std::vector<Feature> sample_events() {
    return {
        event("ev-001", 3, 5'000'000'000'001, 0.75, {2024, 3, 5}, {{2024, 3, 5}, 10, 20, 30},
              "Abou Kamal — البوكمال", 40.9184, 34.4529),
        event("ev-002", 0, -7, -1.5, {2023, 12, 31}, {{2023, 12, 31}, 23, 59, 59},
              "Deir ez-Zor — دير الزور", 40.1408, 35.3359),
        event("ev-003", 2'147'483'647, 123'456'789'012'345, 0.001, {2000, 1, 1},
              {{2000, 1, 1}, 0, 0, 0}, "Raqqa — الرقة", 39.0167, 35.95),
    };
}

inline void write_all(const std::string& target, const std::vector<Feature>& features,
                      WriterOptions options = {}, const LayerDef& def = events_def()) {
    auto writer = DatasetWriter::open(target, options);
    auto layer = writer.layer(def);
    for (const auto& f : features) writer.write(layer, f);
    writer.close();
}

// Opened with the writer's driver only: GDAL would otherwise read .kml with LIBKML,
// which adds fields of its own.
inline GDALDatasetUniquePtr open_for_reading(const std::string& path, const std::string& driver) {
    GDALAllRegister();
    const char* const allowed[] = {driver.c_str(), nullptr};
    return GDALDatasetUniquePtr(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed));
}

// The values of one string/integer field across a single-layer dataset, in file order.
inline std::vector<std::string> column(const std::string& path, const std::string& driver,
                                       const std::string& field) {
    std::vector<std::string> values;
    auto ds = open_for_reading(path, driver);
    if (!ds) return values;
    OGRLayer* layer = ds->GetLayer(0);
    for (auto& f : *layer) values.emplace_back(f->GetFieldAsString(field.c_str()));
    return values;
}

// Directory entries (without . and ..), to see that no temporary file is left.
// The rows of a GeoNames-format places file (gzip), e.g. the embedded gazetteer's ~31 000
// real places.
struct PlaceRow {
    std::string geonameid, name;
    double lat = 0, lon = 0;
};

inline std::vector<PlaceRow> read_place_rows(const std::string& gz_path) {
    std::vector<PlaceRow> rows;
    VSILFILE* f = VSIFOpenL(("/vsigzip/" + gz_path).c_str(), "rb");
    REQUIRE(f != nullptr);
    while (const char* line = CPLReadLineL(f)) {
        CPLStringList cols(CSLTokenizeString2(line, "\t", CSLT_ALLOWEMPTYTOKENS));
        if (cols.size() < 6) continue;
        rows.push_back({cols[0], cols[1], CPLAtof(cols[4]), CPLAtof(cols[5])});
    }
    VSIFCloseL(f);
    return rows;
}

// Rows of an SQL query run by SQLite itself (GDAL hands GPKG SQL to it), each as "a|b|c",
// NULL shown as <null>.
inline std::vector<std::string> sql_rows(const std::string& path, const std::string& sql) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    REQUIRE(ds);
    std::vector<std::string> out;
    OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    REQUIRE(result != nullptr);
    while (OGRFeatureUniquePtr f{result->GetNextFeature()}) {
        std::string row;
        for (int i = 0; i < f->GetFieldCount(); ++i)
            row += (i ? "|" : "") + std::string(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "<null>");
        out.push_back(row);
    }
    ds->ReleaseResultSet(result);
    return out;
}

inline std::vector<std::string> entries(const std::string& dir) {
    std::vector<std::string> names;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string n = e->d_name;
            if (n != "." && n != "..") names.push_back(n);
        }
        ::closedir(d);
    }
    return names;
}

inline bool any_temp_file(const std::string& dir) {
    for (const auto& n : entries(dir))
        if (n.find(".tmp-") != std::string::npos) return true;
    return false;
}

}  // namespace geoevent::test
