#pragma once
// Renders a LayerStyle as QGIS reads it: QML (the <qgis> document of a .qml file, of
// layer_styles.styleQML, and the inside of a project's <maplayer>) and SLD 1.1 for the
// styleSLD column. Written from the documented QML schema, with no QGIS dependency.
#include <string>
#include <string_view>
#include <vector>

#include "geoevent/output/schema.hpp"
#include "geoevent/output/style.hpp"

namespace geoevent::output::detail {

struct Rgb {
    int r = 0, g = 0, b = 0;
};

// One colour per category, from a palette of 12 that read apart on a map. A hash of the
// value picks the colour, so one actor keeps its colour in `events`, `control` and
// `control_areas` and from run to run; when two values of one layer hash alike, the later
// (in sorted order) takes the next free colour, so a layer's classes never share one while
// it has at most 12.
std::vector<Rgb> category_colors(const std::vector<std::string>& categories);

// The QML of one layer. `categories` are the distinct values of style.category_field, in
// legend order; a grey catch-all class follows them.
struct Qml {
    std::string root_attributes;  // for <qgis ...> or <maplayer ...>: labelsEnabled etc.
    std::string body;             // the child elements: renderer, labels, temporal, ...
    std::string document() const; // the whole .qml file
};
Qml style_qml(const LayerStyle& style, GeometryType geometry,
              const std::vector<std::string>& categories);

std::string style_sld(const std::string& layer, const LayerStyle& style, GeometryType geometry,
                      const std::vector<std::string>& categories);

std::string xml_escape(std::string_view text);

}  // namespace geoevent::output::detail
