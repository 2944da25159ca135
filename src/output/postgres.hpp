#pragma once
// PostgreSQL specifics: the database, not only this process, must refuse a second copy of
// an event, since several runs (cron, backfills) may write the same table.
class GDALDataset;
class OGRLayer;

namespace geoevent::output::detail {

struct Where;

// CREATE UNIQUE INDEX IF NOT EXISTS on the layer's field `field` (an OGR field index).
// Throws GdalError with PostgreSQL's message, e.g. when the table already holds duplicates.
void ensure_unique_index(GDALDataset& dataset, OGRLayer& layer, int field, const Where& where);

}  // namespace geoevent::output::detail
