#pragma once
// How QGIS should draw a layer, described as plain values by whoever defines the layer.
// The writer turns it into a QGIS style (QML, plus SLD for other clients) when the layer
// is closed, so the categories are the values actually written, appended ones included.
// Nothing here depends on QGIS.
#include <string>

namespace geoevent::output {

struct LayerStyle {
    // One colour per distinct value of this string field (e.g. the gaining actor), with a
    // legend entry each and a grey "other" class for values added later by hand. Colours
    // depend only on the value, so an actor has the same colour in every layer and run.
    // Empty: one symbol for everything.
    std::string category_field;
    // QGIS expression for the label, e.g. concat("location", ' ', "event_date"); empty: none.
    std::string label_expression;
    // Date fields for QGIS's Temporal Controller. Only `temporal_start`: each feature is an
    // instant, kept on the map after it happened. Both: the feature is shown from start to
    // end (excluded); a null end means "still valid".
    std::string temporal_start;
    std::string temporal_end;
    std::string title;  // layer_styles.description and the layer's title in a project
    // Shape of point symbols, a QGIS simple-marker name ("circle", "square", "diamond", ...),
    // so that two point layers of one map read apart.
    std::string marker = "circle";
};

}  // namespace geoevent::output
