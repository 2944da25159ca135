#include "geoevent/version.hpp"

#include <cstdio>
#include <string>

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>
#include <rapidjson/rapidjson.h>
#include <unicode/uversion.h>

namespace geoevent {

const char* dependency_versions() {
    static const std::string text = [] {
        std::string s;
        s += "GDAL " + std::string(GDALVersionInfo("RELEASE_NAME"));
        PJ_INFO pj = proj_info();
        s += ", PROJ " + std::string(pj.version);
        s += ", GEOS " + std::string(GEOSversion());
        UVersionInfo icu;
        u_getVersion(icu);
        char buf[U_MAX_VERSION_STRING_LENGTH];
        u_versionToString(icu, buf);
        s += ", ICU " + std::string(buf);
        s += ", RapidJSON " RAPIDJSON_VERSION_STRING;
        return s;
    }();
    return text.c_str();
}

}  // namespace geoevent
