#include "output/qgis_style.hpp"

#include <cstdint>
#include <cstdio>

namespace geoevent::output::detail {

namespace {

const Rgb other_color{150, 150, 150};

std::string rgba(Rgb c, int alpha = 255) {
    return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," +
           std::to_string(alpha);
}

std::string hex(Rgb c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", c.r & 0xff, c.g & 0xff, c.b & 0xff);
    return buffer;
}

Rgb darker(Rgb c) { return {c.r * 3 / 5, c.g * 3 / 5, c.b * 3 / 5}; }

std::string option(const char* name, const std::string& value) {
    return "<Option name=\"" + std::string(name) + "\" value=\"" + xml_escape(value) +
           "\" type=\"QString\"/>";
}

// One QGIS symbol: a circle or square marker for points, a translucent fill for areas.
std::string symbol(const std::string& name, GeometryType geometry, const std::string& marker,
                   Rgb color) {
    bool area = geometry == GeometryType::polygon || geometry == GeometryType::multi_polygon;
    std::string s = "<symbol name=\"" + xml_escape(name) + "\" type=\"" +
                    (area ? "fill" : "marker") +
                    "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
                    "<layer class=\"" + (area ? "SimpleFill" : "SimpleMarker") +
                    "\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">";
    if (area) {
        // Translucent, so the points and the basemap stay visible through the areas.
        s += option("color", rgba(color, 110)) + option("style", "solid") +
             option("outline_color", rgba(darker(color))) + option("outline_style", "solid") +
             option("outline_width", "0.4") + option("outline_width_unit", "MM") +
             option("joinstyle", "round");
    } else {
        s += option("color", rgba(color)) + option("name", marker) +
             option("size", marker == "circle" ? "3.6" : "2.8") + option("size_unit", "MM") +
             option("outline_color", "255,255,255,255") + option("outline_style", "solid") +
             option("outline_width", "0.4") + option("outline_width_unit", "MM") +
             option("scale_method", "diameter");
    }
    return s + "</Option></layer></symbol>";
}

std::string renderer(const LayerStyle& style, GeometryType geometry,
                     const std::vector<std::string>& categories) {
    const std::string& marker = style.marker;
    if (style.category_field.empty())
        return "<renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" "
               "enableorderby=\"0\"><symbols>" +
               symbol("0", geometry, marker, other_color) + "</symbols></renderer-v2>";
    std::string classes, symbols;
    auto colors = category_colors(categories);
    for (std::size_t i = 0; i <= categories.size(); ++i) {
        bool other = i == categories.size();
        // QGIS matches an empty category value against every value no other class has.
        std::string value = other ? "" : xml_escape(categories[i]);
        std::string label = other ? "other" : value;
        std::string name = std::to_string(i);
        classes += "<category symbol=\"" + name + "\" value=\"" + value + "\" label=\"" + label +
                   "\" render=\"true\"/>";
        symbols += symbol(name, geometry, marker,
                          other ? other_color : colors[i]);
    }
    return "<renderer-v2 type=\"categorizedSymbol\" attr=\"" + xml_escape(style.category_field) +
           "\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\"><categories>" + classes +
           "</categories><symbols>" + symbols + "</symbols><source-symbol>" +
           symbol("0", geometry, marker, other_color) + "</source-symbol></renderer-v2>";
}

std::string labeling(const LayerStyle& style, GeometryType geometry) {
    if (style.label_expression.empty()) return {};
    bool point = geometry == GeometryType::point;
    // Around the point (QGIS's "cartographic" placement, 6) for points, over the centroid
    // (1) for areas; a white buffer keeps the text readable over the colours.
    return "<labeling type=\"simple\"><settings calloutType=\"simple\">"
           "<text-style fieldName=\"" + xml_escape(style.label_expression) +
           "\" isExpression=\"1\" fontFamily=\"Sans Serif\" fontSize=\"8\" fontSizeUnit=\"Point\" "
           "fontWeight=\"50\" textColor=\"40,40,40,255\" textOpacity=\"1\" namedStyle=\"Regular\">"
           "<text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
           "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.9\" bufferNoFill=\"1\" "
           "bufferJoinStyle=\"128\"/></text-style>"
           "<placement placement=\"" + std::string(point ? "6" : "1") +
           "\" dist=\"1\" distUnits=\"MM\" priority=\"5\" "
           "predefinedPositionOrder=\"TR,TL,BR,BL,R,L,TSR,BSR\"/>"
           "<rendering drawLabels=\"1\" obstacle=\"1\" displayAll=\"0\"/>"
           "</settings></labeling>";
}

std::string temporal(const LayerStyle& style) {
    if (style.temporal_start.empty()) return {};
    bool range = !style.temporal_end.empty();
    // Mode 1 (an instant per feature), accumulated: an event stays on the map once it has
    // happened. Mode 2 (start and end fields): shown from start, up to but excluding end
    // (limitMode 0), and from start on when end is null.
    return std::string("<temporal enabled=\"1\" mode=\"") + (range ? "2" : "1") +
           "\" startField=\"" + xml_escape(style.temporal_start) + "\" endField=\"" +
           xml_escape(style.temporal_end) + "\" accumulate=\"" + (range ? "0" : "1") +
           "\" limitMode=\"0\" durationField=\"\" durationUnit=\"d\" fixedDuration=\"0\" "
           "startExpression=\"\" endExpression=\"\"><fixedRange><start></start><end></end>"
           "</fixedRange></temporal>";
}

const char* geometry_code(GeometryType geometry) {
    switch (geometry) {
    case GeometryType::point: return "0";
    case GeometryType::polygon:
    case GeometryType::multi_polygon: return "2";
    case GeometryType::none: break;
    }
    return "4";  // QgsWkbTypes::NullGeometry
}

std::string sld_symbolizer(GeometryType geometry, Rgb color) {
    if (geometry == GeometryType::point)
        return "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle"
               "</se:WellKnownName><se:Fill><se:SvgParameter name=\"fill\">" + hex(color) +
               "</se:SvgParameter></se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">"
               "#ffffff</se:SvgParameter></se:Stroke></se:Mark><se:Size>10</se:Size>"
               "</se:Graphic></se:PointSymbolizer>";
    return "<se:PolygonSymbolizer><se:Fill><se:SvgParameter name=\"fill\">" + hex(color) +
           "</se:SvgParameter><se:SvgParameter name=\"fill-opacity\">0.43</se:SvgParameter>"
           "</se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">" + hex(darker(color)) +
           "</se:SvgParameter></se:Stroke></se:PolygonSymbolizer>";
}

}  // namespace

std::vector<Rgb> category_colors(const std::vector<std::string>& categories) {
    // Strong, distinct hues, none of them grey (the "other" class).
    static const Rgb palette[] = {{200, 40, 40},   {30, 100, 190},  {40, 150, 60},
                                  {230, 130, 20},  {120, 60, 160},  {0, 150, 160},
                                  {165, 95, 40},   {210, 70, 150},  {190, 170, 20},
                                  {90, 160, 230},  {150, 200, 80},  {240, 110, 100}};
    constexpr std::size_t size = sizeof palette / sizeof palette[0];
    std::vector<Rgb> colors;
    bool used[size] = {};
    std::size_t taken = 0;
    for (const auto& value : categories) {
        std::uint32_t h = 2166136261u;  // FNV-1a: stable across runs and platforms
        for (unsigned char c : value) h = (h ^ c) * 16777619u;
        std::size_t i = h % size;
        if (taken < size)
            while (used[i]) i = (i + 1) % size;
        if (!used[i]) ++taken;
        used[i] = true;
        colors.push_back(palette[i]);
    }
    return colors;
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\n': out += "&#10;"; break;
        default: out += c;
        }
    }
    return out;
}

Qml style_qml(const LayerStyle& style, GeometryType geometry,
              const std::vector<std::string>& categories) {
    Qml qml;
    qml.root_attributes = std::string("styleCategories=\"AllStyleCategories\" labelsEnabled=\"") +
                          (style.label_expression.empty() ? "0" : "1") +
                          "\" hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" "
                          "maxScale=\"0\"";
    qml.body = temporal(style) + renderer(style, geometry, categories) +
               labeling(style, geometry) + "<blendMode>0</blendMode><layerOpacity>1</layerOpacity>" +
               "<legend type=\"default-vector\" showLabelLegend=\"0\"/>" +
               "<layerGeometryType>" + geometry_code(geometry) + "</layerGeometryType>";
    return qml;
}

std::string Qml::document() const {
    // QGIS writes its version here; 3.0 is the oldest that reads every element we use
    // (temporal properties are ignored before 3.14).
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" " +
           root_attributes + ">\n" + body + "\n</qgis>\n";
}

std::string style_sld(const std::string& layer, const LayerStyle& style, GeometryType geometry,
                      const std::vector<std::string>& categories) {
    std::string rules;
    auto rule = [&](const std::string& title, const std::string& filter, Rgb color) {
        rules += "<se:Rule><se:Name>" + xml_escape(title) + "</se:Name>" + filter +
                 sld_symbolizer(geometry, color) + "</se:Rule>";
    };
    if (style.category_field.empty()) {
        rule(layer, "", other_color);
    } else {
        auto colors = category_colors(categories);
        for (std::size_t i = 0; i < categories.size(); ++i)
            rule(categories[i],
                 "<ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>" +
                     xml_escape(style.category_field) + "</ogc:PropertyName><ogc:Literal>" +
                     xml_escape(categories[i]) + "</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>",
                 colors[i]);
        rule("other", "<se:ElseFilter/>", other_color);
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<StyledLayerDescriptor version=\"1.1.0\" xmlns=\"http://www.opengis.net/sld\" "
           "xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\" "
           "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:schemaLocation=\"http://www.opengis.net/sld "
           "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">"
           "<NamedLayer><se:Name>" + xml_escape(layer) + "</se:Name><UserStyle><se:Name>" +
           xml_escape(layer) + "</se:Name><se:FeatureTypeStyle>" + rules +
           "</se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>\n";
}

}  // namespace geoevent::output::detail
