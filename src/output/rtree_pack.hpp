#pragma once
// Sort-Tile-Recursive packing of bounding boxes into the nodes of an SQLite R*-tree, in
// SQLite's own on-disk node format, so that a GeoPackage's spatial index can be written
// in one pass instead of one R*-tree insertion per feature.
//
// The format (https://sqlite.org/rtree.html and the comments of SQLite's rtree.c): a node
// is a blob of a fixed size; a 2-byte big-endian tree depth (meaningful in the root only,
// 0 elsewhere), a 2-byte big-endian cell count, then the cells. A 2-D cell is an 8-byte
// big-endian integer (a rowid in a leaf, a child node number above) and four big-endian
// IEEE float32 coordinates: min x, max x, min y, max y. The rest of the blob is zeros.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace geoevent::output::detail {

// A float32 box that contains the double one: SQLite rounds minima down and maxima up,
// so that a query for the exact double box still finds the feature.
struct RtreeBox {
    float min_x, max_x, min_y, max_y;
};
RtreeBox rtree_box(double min_x, double max_x, double min_y, double max_y);

struct RtreeEntry {
    std::int64_t id;  // the feature's rowid (FID)
    RtreeBox box;
};

struct RtreeNode {
    std::int64_t number;  // nodeno; the root is 1
    std::int64_t parent;  // 0 for the root
    std::string blob;     // node_size bytes
};

// Packs `entries` (ids strictly ascending) into full nodes of `node_size` bytes
// ((node_size - 4) / 24 cells) and gives them to `emit` one at a time, root first, each
// level before the one below; a node is valid during its call only, so the nodes are
// never all in memory. An empty input gives one empty root. Returns, for every id from
// the first entry's to the last one's, the number of the leaf that holds it (0 for an id
// not among the entries). Throws std::invalid_argument for a node size that cannot hold
// two cells or ids out of order.
struct LeafNumbers {
    std::int64_t first_id = 0;
    std::vector<std::uint32_t> leaf;  // leaf[id - first_id]
};
LeafNumbers pack_rtree(std::vector<RtreeEntry> entries, std::size_t node_size,
                       const std::function<void(const RtreeNode&)>& emit);

// The same, with every node kept: for tests.
struct PackedRtree {
    std::vector<RtreeNode> nodes;  // root first
    // The leaf node number of every entry, in the order the entries were given.
    std::vector<std::int64_t> leaf_of;
};
PackedRtree pack_rtree(const std::vector<RtreeEntry>& entries, std::size_t node_size);

// The cells of a node blob, for tests and checks: depth, and (id, box) per cell.
struct DecodedNode {
    int depth = 0;
    std::vector<RtreeEntry> cells;
};
DecodedNode decode_rtree_node(const std::string& blob);

}  // namespace geoevent::output::detail
