// The QGIS side of DatasetWriter: default styles stored with the data at close(), and the
// description of the written layers a QGIS project needs.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <ogrsf_frmts.h>

#include "geoevent/error.hpp"
#include "output/writer_impl.hpp"

namespace geoevent::output {

using namespace detail;

namespace {

bool stores_styles_inside(const std::string& driver) {
    return driver == "GPKG" || driver == "SQLite";
}

// "PG:host=/tmp/x port=5439 dbname='db'" as the key='value' list QGIS's postgres provider
// reads, without GDAL's own keys (schemas, tables, active_schema).
std::string qgis_connection(const std::string& target, const Where& where) {
    std::string conninfo = target.substr(3);
    std::string out;
    std::size_t i = 0;
    while (i < conninfo.size()) {
        while (i < conninfo.size() && conninfo[i] == ' ') ++i;
        if (i >= conninfo.size()) break;
        auto eq = conninfo.find('=', i);
        if (eq == std::string::npos)
            throw UsageError(describe(where) + ": a QGIS project needs a key=value connection "
                                               "string, not a URI",
                             "write the target as PG:\"dbname=... host=... user=...\"");
        std::string key = conninfo.substr(i, eq - i);
        while (!key.empty() && key.back() == ' ') key.pop_back();
        i = eq + 1;
        while (i < conninfo.size() && conninfo[i] == ' ') ++i;
        std::string value;
        if (i < conninfo.size() && conninfo[i] == '\'') {
            for (++i; i < conninfo.size() && conninfo[i] != '\''; ++i) {
                if (conninfo[i] == '\\' && i + 1 < conninfo.size()) ++i;
                value += conninfo[i];
            }
            ++i;
        } else {
            while (i < conninfo.size() && conninfo[i] != ' ') value += conninfo[i++];
        }
        if (key == "schemas" || key == "tables" || key == "active_schema") continue;
        std::string quoted;
        for (char c : value) quoted += c == '\'' || c == '\\' ? std::string("\\") + c : std::string(1, c);
        out += key + "='" + quoted + "' ";
    }
    return out;
}

std::string quoted_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

void DatasetWriter::Impl::describe_layers() {
    for (auto& l : layers) {
        l.geometry_column = l.layer->GetGeometryColumn();
        l.fid_column = l.layer->GetFIDColumn();
        if (const OGRSpatialReference* srs = l.layer->GetSpatialRef()) {
            const char* authority = srs->GetAuthorityName(nullptr);
            const char* code = srs->GetAuthorityCode(nullptr);
            if (authority != nullptr && code != nullptr)
                l.crs_authid = std::string(authority) + ":" + code;
            char* wkt = nullptr;
            const char* const wkt2[] = {"FORMAT=WKT2_2019", nullptr};
            if (srs->exportToWkt(&wkt, wkt2) == OGRERR_NONE && wkt != nullptr) l.crs_wkt = wkt;
            CPLFree(wkt);
            l.geographic = srs->IsGeographic() != 0;
        } else if (l.def.geometry != GeometryType::none) {
            l.crs_authid = "EPSG:4326";  // formats without a CRS (CSV) are WGS 84 lon/lat
        }
        OGREnvelope bounds;
        bool read_back = !l.layer->TestCapability(OLCFastGetExtent);
        if (l.def.geometry == GeometryType::none || l.counts.written + l.ids.size() == 0) {
            // no features, no extent
        } else if ((read_back || l.wrote_directly) && !l.had_features) {
            // Every feature went through write() or copy_features(): no need to read
            // the file back (GeoJSONSeq, CSV) to know where they are. GDAL has not seen
            // the rows the writer inserted itself, so it must not be asked.
            if (l.has_own_extent) std::copy(l.own_extent, l.own_extent + 4, l.extent);
        } else if (l.layer->GetExtent(&bounds, TRUE) == OGRERR_NONE) {
            l.extent[0] = bounds.MinX, l.extent[1] = bounds.MinY, l.extent[2] = bounds.MaxX,
            l.extent[3] = bounds.MaxY;
        }
        CPLErrorReset();  // an empty layer has no extent; that is not an error
        if (database()) l.pg = pg_table(*dataset, *l.layer, l.where);
    }
}

void DatasetWriter::Impl::store_styles() {
    for (auto& l : layers) {
        if (!l.def.style) continue;
        std::vector<std::string> categories(l.categories.begin(), l.categories.end());
        l.qml = style_qml(*l.def.style, l.def.geometry, categories);
        StoredStyle stored{l.qml.document(),
                           style_sld(l.def.name, *l.def.style, l.def.geometry, categories),
                           l.def.style->title};
        if (database()) {
            store_pg_style(*dataset, l.pg, l.geometry_column, stored, l.where);
        } else if (stores_styles_inside(driver.name)) {
            commit_batch();  // SQLite cannot create a table inside a transaction
            store_file_style(*dataset, *l.layer, stored, l.where);
        } else if (driver.single_layer && staging) {
            // QGIS loads <name>.qml with <name>.<ext>; staged, it is published with the data.
            std::filesystem::path qml(staging->path());
            qml.replace_extension(".qml");
            std::ofstream out(qml, std::ios::binary | std::ios::trunc);
            out << stored.qml;
            out.close();
            if (!out)
                throw GdalError(describe(l.where) + ": cannot write the style file " +
                                    qml.filename().string(),
                                "check the free space of the output's directory");
        }
    }
}

bool DatasetWriter::holds_several_layers() const noexcept {
    return m_impl && !m_impl->driver.single_layer;
}

std::vector<ProjectLayer> DatasetWriter::qgis_layers() const {
    if (!m_impl || !m_impl->closed)
        throw UsageError("qgis_layers() before close(): the layers are not written yet");
    const Impl& w = *m_impl;
    std::vector<ProjectLayer> out;
    for (const auto& l : w.layers) {
        ProjectLayer p;
        p.name = l.def.name;
        p.title = l.def.style && !l.def.style->title.empty() ? l.def.style->title : l.def.name;
        p.geometry = l.def.geometry;
        p.crs_authid = l.crs_authid;
        p.crs_wkt = l.crs_wkt;
        p.geographic = l.geographic;
        std::copy(std::begin(l.extent), std::end(l.extent), std::begin(p.extent));
        p.style_attributes = l.qml.root_attributes;
        p.style_body = l.qml.body;
        if (w.database()) {
            p.provider = "postgres";
            std::string srid = l.crs_authid.rfind("EPSG:", 0) == 0 ? l.crs_authid.substr(5) : "";
            const char* type = l.def.geometry == GeometryType::point ? "Point"
                               : l.def.geometry == GeometryType::none ? ""
                                                                       : "MultiPolygon";
            p.source = qgis_connection(w.target, w.where()) +
                       (l.fid_column.empty() ? "" : "key='" + l.fid_column + "' ") +
                       (srid.empty() ? "" : "srid=" + srid + " ") +
                       (*type ? std::string("type=") + type + " " : "") +
                       "checkPrimaryKeyUnicity='0' table=" + quoted_identifier(l.pg.schema) +
                       "." + quoted_identifier(l.pg.table) +
                       (l.geometry_column.empty() ? "" : " (" + l.geometry_column + ")");
        } else {
            p.provider = "ogr";
            p.file = std::filesystem::absolute(w.target).lexically_normal().string();
            if (!w.driver.single_layer) p.source = "|layername=" + l.def.name;
        }
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace geoevent::output
