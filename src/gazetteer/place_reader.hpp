#pragma once
// Reads a GeoNames place dump with the row parsing spread over threads: one thread reads
// lines (and hands the parsed rows on in input order) while the others parse the next
// batches. Rows, statistics, issues and strict-mode errors are exactly those of
// GeonamesReader, whatever the thread count; at allCountries scale parsing was a third
// of a refresh's CPU time, all of it on one core.
#include <cstddef>
#include <functional>
#include <string>

#include "geoevent/gazetteer/geonames_reader.hpp"
#include "geoevent/gazetteer/records.hpp"

namespace geoevent::gazetteer::detail {

// Calls `sink` with every good row, in file order.
ReadStats read_places(const std::string& path, const ReadOptions& options, std::size_t threads,
                      const std::function<void(PlaceRecord&)>& sink);

}  // namespace geoevent::gazetteer::detail
