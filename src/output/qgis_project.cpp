#include "geoevent/output/qgis_project.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "geoevent/error.hpp"
#include "output/qgis_style.hpp"

namespace geoevent::output {

namespace fs = std::filesystem;
using detail::xml_escape;

namespace {

// QGIS resolves "./" and "../" against the project's directory; anything else is taken
// as it is, so a relative path must start with one of them.
std::string project_path_to(const fs::path& project_dir, const std::string& file) {
    fs::path relative = fs::path(file).lexically_relative(project_dir);
    if (relative.empty()) return file;
    std::string text = relative.string();
    return text.rfind("../", 0) == 0 ? text : "./" + text;
}

std::string datasource(const ProjectLayer& layer, const fs::path& project_dir) {
    if (layer.provider != "ogr") return layer.source;
    return project_path_to(project_dir, layer.file) + layer.source;
}

const char* geometry_name(GeometryType geometry) {
    switch (geometry) {
    case GeometryType::point: return "Point";
    case GeometryType::polygon:
    case GeometryType::multi_polygon: return "Polygon";
    case GeometryType::none: break;
    }
    return "No geometry";
}

const char* wkb_name(GeometryType geometry) {
    switch (geometry) {
    case GeometryType::point: return "Point";
    case GeometryType::polygon: return "Polygon";
    case GeometryType::multi_polygon: return "MultiPolygon";
    case GeometryType::none: break;
    }
    return "NoGeometry";
}

std::string spatialrefsys(const ProjectLayer& layer) {
    return "<spatialrefsys><wkt>" + xml_escape(layer.crs_wkt) + "</wkt><authid>" +
           xml_escape(layer.crs_authid) + "</authid></spatialrefsys>";
}

std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
    return buffer;
}

// The union of the layers' extents in the first spatial layer's CRS (layers in another
// CRS are left out: converting needs PROJ, and one run writes one CRS anyway), with a
// margin so that points on the edge are not cut.
std::string canvas(const std::vector<ProjectLayer>& layers, const ProjectLayer* first) {
    double box[4] = {0, 0, 0, 0};
    bool any = false;
    for (const auto& l : layers) {
        bool empty = l.extent[0] == 0 && l.extent[1] == 0 && l.extent[2] == 0 && l.extent[3] == 0;
        if (l.geometry == GeometryType::none || empty || l.crs_wkt != first->crs_wkt) continue;
        if (!any) std::copy(std::begin(l.extent), std::end(l.extent), box);
        box[0] = std::min(box[0], l.extent[0]), box[1] = std::min(box[1], l.extent[1]);
        box[2] = std::max(box[2], l.extent[2]), box[3] = std::max(box[3], l.extent[3]);
        any = true;
    }
    if (!any) return {};
    double margin = std::max({box[2] - box[0], box[3] - box[1], first->geographic ? 0.1 : 10000.0}) * 0.1;
    return std::string("<mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\"><units>") +
           (first->geographic ? "degrees" : "meters") + "</units><extent><xmin>" +
           number(box[0] - margin) + "</xmin><ymin>" + number(box[1] - margin) + "</ymin><xmax>" +
           number(box[2] + margin) + "</xmax><ymax>" + number(box[3] + margin) +
           "</ymax></extent><rotation>0</rotation><destinationsrs>" + spatialrefsys(*first) +
           "</destinationsrs></mapcanvas>";
}

// QGIS keeps a layer id only if it is longer than 10 characters (it expects its own
// timestamped ids) and makes up another otherwise, which breaks the relations.
std::string layer_id(const ProjectLayer& layer, std::size_t index) {
    return layer.name + "_geoevent_" + std::to_string(index);
}

std::string relations_xml(const std::vector<ProjectLayer>& layers,
                          const std::vector<ProjectRelation>& relations) {
    auto find = [&](const std::string& name) -> std::string {
        for (std::size_t i = 0; i < layers.size(); ++i)
            if (layers[i].name == name) return layer_id(layers[i], i);
        return {};
    };
    std::string xml;
    for (const auto& r : relations) {
        std::string from = find(r.from), to = find(r.to);
        if (from.empty() || to.empty()) continue;
        std::string id = r.from + "_" + r.from_field + "_" + r.to;
        xml += "<relation id=\"" + xml_escape(id) + "\" name=\"" + xml_escape(r.to) +
               "\" referencingLayer=\"" + xml_escape(from) + "\" referencedLayer=\"" +
               xml_escape(to) + "\" strength=\"Association\"><fieldRef referencingField=\"" +
               xml_escape(r.from_field) + "\" referencedField=\"" + xml_escape(r.to_field) +
               "\"/></relation>\n";
    }
    return xml.empty() ? xml : "<relations>\n" + xml + "</relations>\n";
}

std::string project_xml(const std::string& path, const std::vector<ProjectLayer>& layers,
                        const std::vector<ProjectRelation>& relations) {
    fs::path dir = fs::absolute(path).lexically_normal().parent_path();
    const ProjectLayer* first = nullptr;
    for (const auto& l : layers)
        if (first == nullptr && l.geometry != GeometryType::none) first = &l;

    std::ostringstream tree, maplayers;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const ProjectLayer& l = layers[i];
        std::string id = xml_escape(layer_id(l, i));
        std::string source = xml_escape(datasource(l, dir));
        tree << "<layer-tree-layer id=\"" << id << "\" name=\"" << xml_escape(l.title)
             << "\" source=\"" << source << "\" providerKey=\"" << l.provider
             << "\" checked=\"Qt::Checked\" expanded=\"1\"><customproperties/></layer-tree-layer>\n";
        maplayers << "<maplayer type=\"vector\" geometry=\"" << geometry_name(l.geometry)
                  << "\" wkbType=\"" << wkb_name(l.geometry) << "\" " << l.style_attributes
                  << ">\n<id>" << id << "</id>\n<datasource>" << source
                  << "</datasource>\n<layername>" << xml_escape(l.title) << "</layername>\n"
                  << (l.geometry == GeometryType::none ? "" : "<srs>" + spatialrefsys(l) + "</srs>\n")
                  << "<provider encoding=\"UTF-8\">" << l.provider << "</provider>\n"
                  << l.style_body << "\n</maplayer>\n";
    }
    std::string name = fs::path(path).stem().string();
    std::ostringstream xml;
    xml << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        << "<qgis projectname=\"" << xml_escape(name) << "\" version=\"3.22.0\">\n"
        << "<homePath path=\"\"/>\n<title>" << xml_escape(name) << "</title>\n"
        << (first ? "<projectCrs>" + spatialrefsys(*first) + "</projectCrs>\n" : "")
        << "<layer-tree-group><customproperties/>\n" << tree.str() << "</layer-tree-group>\n"
        << (first ? canvas(layers, first) + "\n" : "")
        << "<projectlayers>\n" << maplayers.str() << "</projectlayers>\n"
        << relations_xml(layers, relations)
        << "<properties><Paths><Absolute type=\"bool\">false</Absolute></Paths></properties>\n"
        << "</qgis>\n";
    return xml.str();
}

[[noreturn]] void io_failure(const std::string& what, int err) {
    throw Error("cannot write the QGIS project " + what + ": " + std::strerror(err),
                "choose a writable location for --qgis-project");
}

}  // namespace

std::string default_project_path(const std::string& target) {
    if (target.rfind("PG:", 0) == 0 || target.rfind("pg:", 0) == 0)
        throw UsageError("--qgis-project needs a file name for a database output",
                         "e.g. --qgis-project events.qgs");
    return fs::path(target).replace_extension(".qgs").string();
}

void write_qgis_project(const std::string& path, const std::vector<ProjectLayer>& layers,
                        bool overwrite, const std::vector<ProjectRelation>& relations) {
    if (!overwrite && fs::exists(path))
        throw UsageError(path + " already exists", "add --overwrite to replace the project");
    std::string xml = project_xml(path, layers, relations);
    // Same directory, so the rename is atomic; a reader never sees half a project.
    std::string temp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) io_failure(temp, errno);
        out << xml;
        out.close();
        if (!out) {
            int err = errno;
            std::remove(temp.c_str());
            io_failure(temp, err);
        }
    }
    int rc = overwrite ? ::rename(temp.c_str(), path.c_str())
                       : ::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(),
                                     RENAME_NOREPLACE);
    if (rc != 0) {
        int err = errno;
        std::remove(temp.c_str());
        if (err == EEXIST)
            throw UsageError(path + " was created by someone else meanwhile",
                             "add --overwrite to replace the project");
        io_failure(path, err);
    }
}

}  // namespace geoevent::output
