#include "geoevent/control/areas.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "control/geos_util.hpp"

namespace geoevent::control {

namespace {

using detail::checked;
using detail::Geom;
using detail::GeosContext;

struct PreparedDeleter {
    GEOSContextHandle_t ctx = nullptr;
    void operator()(const GEOSPreparedGeometry* p) const noexcept { GEOSPreparedGeom_destroy_r(ctx, p); }
};
using Prepared = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

Prepared prepare(const GeosContext& ctx, const Geom& g) {
    const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx.get(), g.get());
    if (p == nullptr) ctx.fail("prepare");
    return Prepared(p, PreparedDeleter{ctx.get()});
}

Geom point(const GeosContext& ctx, double x, double y) {
    return checked(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), x, y), "point");
}

// Consumes `parts` into one collection of the given type.
Geom collect(const GeosContext& ctx, int type, std::vector<Geom>& parts) {
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& p : parts) raw.push_back(p.release());
    parts.clear();
    GEOSGeometry* c = GEOSGeom_createCollection_r(ctx.get(), type, raw.data(), static_cast<unsigned>(raw.size()));
    if (c == nullptr) {
        for (auto* g : raw) GEOSGeom_destroy_r(ctx.get(), g);
        ctx.fail("collection");
    }
    return Geom(ctx, c);
}

Geom union_of(const GeosContext& ctx, std::vector<Geom>& parts) {
    Geom all = collect(ctx, GEOS_GEOMETRYCOLLECTION, parts);
    return checked(ctx, GEOSUnaryUnion_r(ctx.get(), all.get()), "union");
}

// Clipping can leave slivers of lower dimension where cells touch the coastline; a
// polygon layer wants only the polygons.
void polygons_of(const GeosContext& ctx, const GEOSGeometry* g, std::vector<Geom>& out) {
    int type = GEOSGeomTypeId_r(ctx.get(), g);
    if (type == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(ctx.get(), g)) out.push_back(checked(ctx, GEOSGeom_clone_r(ctx.get(), g), "clone"));
        return;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION)
        for (int i = 0, n = GEOSGetNumGeometries_r(ctx.get(), g); i < n; ++i)
            polygons_of(ctx, GEOSGetGeometryN_r(ctx.get(), g, i), out);
}

std::string to_wkt(const GeosContext& ctx, const GEOSGeometry* g) {
    GEOSWKTWriter* w = GEOSWKTWriter_create_r(ctx.get());
    GEOSWKTWriter_setTrim_r(ctx.get(), w, 1);
    GEOSWKTWriter_setOutputDimension_r(ctx.get(), w, 2);
    char* text = GEOSWKTWriter_write_r(ctx.get(), w, g);
    GEOSWKTWriter_destroy_r(ctx.get(), w);
    if (text == nullptr) ctx.fail("WKT");
    std::string s(text);
    GEOSFree_r(ctx.get(), text);
    return s;
}

// The boundaries that sites need, parsed lazily: the world file has 241 countries and a
// run usually touches a handful.
class Countries {
public:
    Countries(const GeosContext& ctx, const std::vector<CountryBoundary>& all) : m_ctx(ctx), m_all(all) {
        m_geoms.resize(all.size());
        m_prepared.resize(all.size());
    }
    const Geom& geom(std::size_t i) {
        if (!m_geoms[i]) {
            GEOSWKBReader* r = GEOSWKBReader_create_r(m_ctx.get());
            auto* g = GEOSWKBReader_read_r(m_ctx.get(), r, reinterpret_cast<const unsigned char*>(m_all[i].wkb.data()),
                                           m_all[i].wkb.size());
            GEOSWKBReader_destroy_r(m_ctx.get(), r);
            m_geoms[i] = checked(m_ctx, g, "reading a country boundary");
        }
        return m_geoms[i];
    }
    // Indexes of the countries coded `iso2` and of those containing the point.
    void select(const Site& s, std::set<std::size_t>& chosen) {
        for (std::size_t i = 0; i < m_all.size(); ++i) {
            const auto& b = m_all[i];
            if (!s.country.empty() && b.iso2 == s.country) {
                chosen.insert(i);
                continue;
            }
            if (chosen.count(i) || s.longitude < b.min_lon || s.longitude > b.max_lon || s.latitude < b.min_lat ||
                s.latitude > b.max_lat)
                continue;
            Geom p = point(m_ctx, s.longitude, s.latitude);
            if (GEOSPreparedIntersects_r(m_ctx.get(), prepared(i).get(), p.get()) == 1) chosen.insert(i);
        }
    }

private:
    const Prepared& prepared(std::size_t i) {
        if (!m_prepared[i]) m_prepared[i] = prepare(m_ctx, geom(i));
        return m_prepared[i];
    }
    const GeosContext& m_ctx;
    const std::vector<CountryBoundary>& m_all;
    std::vector<Geom> m_geoms;
    std::vector<Prepared> m_prepared;  // declared last: destroyed before the geometries
};

struct Cell {
    double x, y;
    std::map<std::string, std::uint64_t> controllers;  // sites here, by controller
    std::string winner() const {
        auto best = controllers.begin();
        for (auto it = controllers.begin(); it != controllers.end(); ++it)
            if (it->second > best->second) best = it;
        return best->first;
    }
};

// One Voronoi cell per distinct site, in the order of `cells`. GEOS 3.11 does not keep
// the input order, so each cell is matched back to the site it contains.
std::vector<Geom> voronoi(const GeosContext& ctx, const std::vector<Cell>& cells, const Geom& extent) {
    std::vector<Geom> out(cells.size());
    if (cells.size() == 1) {
        // GEOS needs two sites for a diagram; one site owns the whole extent.
        out[0] = checked(ctx, GEOSEnvelope_r(ctx.get(), extent.get()), "envelope");
        return out;
    }
    std::vector<Geom> points;
    for (const auto& c : cells) points.push_back(point(ctx, c.x, c.y));
    Geom sites = collect(ctx, GEOS_MULTIPOINT, points);
    Geom diagram = checked(ctx, GEOSVoronoiDiagram_r(ctx.get(), sites.get(), extent.get(), 0.0, 0), "Voronoi diagram");
    int n = GEOSGetNumGeometries_r(ctx.get(), diagram.get());
    std::vector<const GEOSPreparedGeometry*> prepared(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) prepared[i] = GEOSPrepare_r(ctx.get(), GEOSGetGeometryN_r(ctx.get(), diagram.get(), i));
    GEOSSTRtree* tree = GEOSSTRtree_create_r(ctx.get(), 10);
    for (int i = 0; i < n; ++i)
        GEOSSTRtree_insert_r(ctx.get(), tree, GEOSGetGeometryN_r(ctx.get(), diagram.get(), i),
                             reinterpret_cast<void*>(static_cast<std::intptr_t>(i)));
    struct Query {
        std::vector<int> hits;
        static void add(void* item, void* self) {
            static_cast<Query*>(self)->hits.push_back(static_cast<int>(reinterpret_cast<std::intptr_t>(item)));
        }
    };
    for (std::size_t k = 0; k < cells.size(); ++k) {
        Geom p = point(ctx, cells[k].x, cells[k].y);
        Query q;
        GEOSSTRtree_query_r(ctx.get(), tree, p.get(), &Query::add, &q);
        std::sort(q.hits.begin(), q.hits.end());
        for (int i : q.hits)
            if (prepared[i] != nullptr && GEOSPreparedIntersects_r(ctx.get(), prepared[i], p.get()) == 1) {
                out[k] = checked(ctx, GEOSGeom_clone_r(ctx.get(), GEOSGetGeometryN_r(ctx.get(), diagram.get(), i)),
                                 "clone");
                break;
            }
    }
    GEOSSTRtree_destroy_r(ctx.get(), tree);
    for (auto* p : prepared)
        if (p != nullptr) GEOSPreparedGeom_destroy_r(ctx.get(), p);
    return out;
}

}  // namespace

std::vector<Area> control_areas(const std::vector<Site>& sites, const std::vector<CountryBoundary>& boundaries,
                                const AreaOptions& options) {
    std::vector<Area> out;
    if (sites.empty()) return out;
    GeosContext ctx;

    std::map<std::pair<double, double>, std::size_t> cell_of;
    std::vector<Cell> cells;
    std::map<std::string, std::uint64_t> places;
    for (const auto& s : sites) {
        auto [it, fresh] = cell_of.try_emplace({s.longitude, s.latitude}, cells.size());
        if (fresh) cells.push_back({s.longitude, s.latitude, {}});
        ++cells[it->second].controllers[s.controller];
        ++places[s.controller];
    }

    Countries countries(ctx, boundaries);
    std::set<std::size_t> chosen;
    for (const auto& s : sites) countries.select(s, chosen);
    std::vector<Geom> parts;
    for (std::size_t i : chosen) parts.push_back(checked(ctx, GEOSGeom_clone_r(ctx.get(), countries.geom(i).get()), "clone"));
    Geom mask = parts.empty() ? checked(ctx, GEOSGeom_createEmptyPolygon_r(ctx.get()), "empty") : union_of(ctx, parts);

    // The diagram must cover the mask and every site, with a margin for the discs.
    std::vector<Geom> extent_parts;
    if (!GEOSisEmpty_r(ctx.get(), mask.get()))
        extent_parts.push_back(checked(ctx, GEOSEnvelope_r(ctx.get(), mask.get()), "envelope"));
    for (const auto& c : cells)
        extent_parts.push_back(checked(ctx, GEOSBuffer_r(ctx.get(), point(ctx, c.x, c.y).get(), 2 * options.place_margin, 1),
                                       "buffer"));
    Geom extent_union = union_of(ctx, extent_parts);
    Geom extent = checked(ctx, GEOSEnvelope_r(ctx.get(), extent_union.get()), "envelope");
    std::vector<Geom> voronoi_cells = voronoi(ctx, cells, extent);

    Prepared land = prepare(ctx, mask);
    std::map<std::string, std::vector<Geom>> by_controller;
    std::map<std::string, std::vector<Geom>> discs;
    for (std::size_t k = 0; k < cells.size(); ++k) {
        if (!voronoi_cells[k]) continue;  // a site GEOS merged with a nearer one
        std::string who = cells[k].winner();
        Geom p = point(ctx, cells[k].x, cells[k].y);
        if (options.place_margin > 0 && GEOSPreparedContains_r(ctx.get(), land.get(), p.get()) != 1) {
            Geom disc = checked(ctx, GEOSBuffer_r(ctx.get(), p.get(), options.place_margin, 8), "buffer");
            discs[who].push_back(checked(ctx, GEOSIntersection_r(ctx.get(), disc.get(), voronoi_cells[k].get()), "disc"));
        }
        by_controller[who].push_back(std::move(voronoi_cells[k]));
    }

    for (auto& [who, cells_of] : by_controller) {
        Geom dissolved = union_of(ctx, cells_of);
        Geom clipped = checked(ctx, GEOSIntersection_r(ctx.get(), dissolved.get(), mask.get()), "clip");
        if (auto d = discs.find(who); d != discs.end()) {
            d->second.push_back(std::move(clipped));
            clipped = union_of(ctx, d->second);
        }
        std::vector<Geom> polys;
        polygons_of(ctx, clipped.get(), polys);
        if (polys.empty()) continue;
        Geom multi = collect(ctx, GEOS_MULTIPOLYGON, polys);
        out.push_back({who, to_wkt(ctx, multi.get()), places[who]});
    }
    return out;
}

}  // namespace geoevent::control
