#include "output/rtree_pack.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

namespace geoevent::output::detail {

namespace {

constexpr std::size_t cell_size = 8 + 4 * 4;  // rowid + 2 dimensions × (min, max) float32

// As SQLite's rtree module rounds (so that an index built here holds the same boxes as
// one SQLite built): when the nearest float is on the wrong side, the value is scaled by
// one float epsilon (2^-23) away from the side it must not cross, then converted.
constexpr double float_epsilon = 1.0 / 8388608.0;

float round_down(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) > d) f = static_cast<float>(d * (d < 0 ? 1 + float_epsilon : 1 - float_epsilon));
    return f;
}

float round_up(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) < d) f = static_cast<float>(d * (d < 0 ? 1 - float_epsilon : 1 + float_epsilon));
    return f;
}

void put_u16(std::string& blob, std::size_t at, unsigned v) {
    blob[at] = static_cast<char>((v >> 8) & 0xff);
    blob[at + 1] = static_cast<char>(v & 0xff);
}

void put_u64(std::string& blob, std::size_t at, std::uint64_t v) {
    for (int i = 7; i >= 0; --i, v >>= 8) blob[at + std::size_t(i)] = static_cast<char>(v & 0xff);
}

void put_float(std::string& blob, std::size_t at, float f) {
    auto v = std::bit_cast<std::uint32_t>(f);
    for (int i = 3; i >= 0; --i, v >>= 8) blob[at + std::size_t(i)] = static_cast<char>(v & 0xff);
}

std::uint64_t get_be(const std::string& blob, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(blob.at(at + std::size_t(i)));
    return v;
}

RtreeBox unite(const RtreeBox& a, const RtreeBox& b) {
    return {std::min(a.min_x, b.min_x), std::max(a.max_x, b.max_x), std::min(a.min_y, b.min_y),
            std::max(a.max_y, b.max_y)};
}

double center_x(const RtreeEntry& e) { return double(e.box.min_x) + double(e.box.max_x); }
double center_y(const RtreeEntry& e) { return double(e.box.min_y) + double(e.box.max_y); }

// Sort-Tile-Recursive order: vertical slices of about sqrt(nodes) nodes each, by x, each
// sorted by y; consecutive runs of `capacity` entries are then the nodes. Ties are broken
// by id so that the same input always gives the same file.
void str_order(std::vector<RtreeEntry>& level, std::size_t capacity) {
    std::size_t nodes = (level.size() + capacity - 1) / capacity;
    auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    std::size_t per_slice = slices * capacity;
    // Comparators as lambdas rather than through a function pointer, so that std::sort
    // can inline the key.
    auto by_x = [](const RtreeEntry& a, const RtreeEntry& b) {
        double ka = center_x(a), kb = center_x(b);
        return ka < kb || (ka == kb && a.id < b.id);
    };
    auto by_y = [](const RtreeEntry& a, const RtreeEntry& b) {
        double ka = center_y(a), kb = center_y(b);
        return ka < kb || (ka == kb && a.id < b.id);
    };
    std::sort(level.begin(), level.end(), by_x);
    for (std::size_t start = 0; start < level.size(); start += per_slice) {
        auto end = level.begin() + std::ptrdiff_t(std::min(level.size(), start + per_slice));
        std::sort(level.begin() + std::ptrdiff_t(start), end, by_y);
    }
}

}  // namespace

RtreeBox rtree_box(double min_x, double max_x, double min_y, double max_y) {
    return {round_down(min_x), round_up(max_x), round_down(min_y), round_up(max_y)};
}

LeafNumbers pack_rtree(std::vector<RtreeEntry> entries, std::size_t node_size,
                       const std::function<void(const RtreeNode&)>& emit) {
    if (node_size < 4 + 2 * cell_size || node_size > 65536)
        throw std::invalid_argument("R-tree node size " + std::to_string(node_size) +
                                    " cannot hold two cells");
    const std::size_t capacity = std::min<std::size_t>((node_size - 4) / cell_size, 0xffff);
    LeafNumbers leaves;
    if (!entries.empty()) {
        for (std::size_t i = 1; i < entries.size(); ++i)
            if (entries[i].id <= entries[i - 1].id)
                throw std::invalid_argument("R-tree entries out of id order at " + std::to_string(entries[i].id));
        leaves.first_id = entries.front().id;
        leaves.leaf.assign(std::size_t(entries.back().id - leaves.first_id) + 1, 0);
    }

    // levels[0] is the entries themselves (sorted in place: the caller's copy is not
    // needed again), levels[k] one entry per node of level k - 1 (id = that node's index
    // in its level), each in STR order; the nodes of a level are its consecutive runs of
    // `capacity` entries.
    std::vector<std::vector<RtreeEntry>> levels;
    levels.push_back(std::move(entries));
    str_order(levels[0], capacity);
    while (levels.back().size() > capacity) {
        const auto& below = levels.back();
        std::vector<RtreeEntry> up;
        up.reserve((below.size() + capacity - 1) / capacity);
        for (std::size_t start = 0; start < below.size(); start += capacity) {
            RtreeBox box = below[start].box;
            for (std::size_t i = start + 1; i < std::min(below.size(), start + capacity); ++i)
                box = unite(box, below[i].box);
            up.push_back({std::int64_t(up.size()), box});
        }
        str_order(up, capacity);
        levels.push_back(std::move(up));
    }

    // Node numbers top-down: the root is 1, then each level's nodes in order.
    const std::size_t depth = levels.size() - 1;
    auto nodes_of = [&](std::size_t k) { return std::max<std::size_t>(1, (levels[k].size() + capacity - 1) / capacity); };
    std::vector<std::int64_t> base(levels.size());
    std::int64_t next = 1;
    for (std::size_t k = levels.size(); k-- > 0;) {
        base[k] = next;
        next += std::int64_t(nodes_of(k));
    }
    if (next - 1 > std::int64_t(UINT32_MAX)) throw std::invalid_argument("too many R-tree entries");

    RtreeNode node;
    std::vector<std::int64_t> parents{0}, child_parents;  // of this level's nodes, of the next
    for (std::size_t k = levels.size(); k-- > 0;) {
        const auto& level = levels[k];
        const std::size_t count = nodes_of(k);
        if (k > 0) child_parents.assign(nodes_of(k - 1), 0);
        for (std::size_t g = 0; g < count; ++g) {
            node.number = base[k] + std::int64_t(g);
            node.parent = parents[g];
            node.blob.assign(node_size, '\0');
            std::size_t first = g * capacity;
            std::size_t last = std::min(level.size(), first + capacity);
            if (k == depth) put_u16(node.blob, 0, unsigned(depth));
            put_u16(node.blob, 2, unsigned(last - first));
            for (std::size_t i = first; i < last; ++i) {
                const RtreeEntry& cell = level[i];
                std::int64_t id;
                if (k == 0) {
                    id = cell.id;
                    leaves.leaf[std::size_t(id - leaves.first_id)] = std::uint32_t(node.number);
                } else {
                    id = base[k - 1] + cell.id;
                    child_parents[std::size_t(cell.id)] = node.number;
                }
                std::size_t at = 4 + (i - first) * cell_size;
                put_u64(node.blob, at, static_cast<std::uint64_t>(id));
                put_float(node.blob, at + 8, cell.box.min_x);
                put_float(node.blob, at + 12, cell.box.max_x);
                put_float(node.blob, at + 16, cell.box.min_y);
                put_float(node.blob, at + 20, cell.box.max_y);
            }
            emit(node);
        }
        parents.swap(child_parents);
    }
    return leaves;
}

PackedRtree pack_rtree(const std::vector<RtreeEntry>& entries, std::size_t node_size) {
    PackedRtree packed;
    LeafNumbers leaves = pack_rtree(entries, node_size, [&](const RtreeNode& n) { packed.nodes.push_back(n); });
    for (const auto& e : entries) packed.leaf_of.push_back(leaves.leaf[std::size_t(e.id - leaves.first_id)]);
    return packed;
}

DecodedNode decode_rtree_node(const std::string& blob) {
    DecodedNode node;
    node.depth = int(get_be(blob, 0, 2));
    auto count = std::size_t(get_be(blob, 2, 2));
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t at = 4 + i * cell_size;
        auto f = [&](std::size_t off) {
            return std::bit_cast<float>(static_cast<std::uint32_t>(get_be(blob, at + off, 4)));
        };
        node.cells.push_back({static_cast<std::int64_t>(get_be(blob, at, 8)), {f(8), f(12), f(16), f(20)}});
    }
    return node;
}

}  // namespace geoevent::output::detail
