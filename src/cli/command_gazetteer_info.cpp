#include <CLI/CLI.hpp>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <iomanip>
#include <ostream>

#include "cli/command_gazetteer.hpp"
#include "cli/gazetteer_path.hpp"
#include "geoevent/gazetteer/index.hpp"

namespace geoevent::cli {

void GazetteerInfoCommand::setup(CLI::App& app) {
    add_gazetteer_option(app, m_gazetteer);
    app.add_flag("--json", m_json, "print the header as one JSON object");
}

int GazetteerInfoCommand::run(Context& ctx) {
    auto index = gazetteer::Index::open(resolve_gazetteer(m_gazetteer), gazetteer::Verify::checksum);
    auto i = index.info();
    char crc[16];
    std::snprintf(crc, sizeof crc, "%08x", i.checksum);
    if (m_json) {
        rapidjson::OStreamWrapper os(ctx.out);
        rapidjson::Writer<rapidjson::OStreamWrapper> w(os);
        w.StartObject();
        w.Key("path"); w.String(i.path.c_str());
        w.Key("format_version"); w.Uint(i.format_version);
        w.Key("source"); w.String(i.source.c_str());
        w.Key("built_at"); w.String(i.built_at.c_str());
        w.Key("data_date"); w.String(i.data_date.c_str());
        w.Key("overlay"); w.String(i.overlay.c_str());
        w.Key("places"); w.Uint64(i.places);
        w.Key("names"); w.Uint64(i.names);
        w.Key("keys"); w.Uint64(i.keys);
        w.Key("file_size"); w.Uint64(i.file_size);
        w.Key("checksum"); w.String(crc);
        w.Key("checksum_ok"); w.Bool(true);
        w.EndObject();
        os.Flush();
        ctx.out << '\n';
        return 0;
    }
    ctx.out << "path:           " << i.path << '\n'
            << "format version: " << i.format_version << '\n'
            << "source:         " << i.source << '\n'
            << "built at:       " << i.built_at << '\n'
            << "data date:      " << (i.data_date.empty() ? "(unknown)" : i.data_date) << '\n'
            << "overlay:        " << (i.overlay.empty() ? "(none)" : i.overlay) << '\n'
            << "places:         " << i.places << '\n'
            << "names:          " << i.names << '\n'
            << "keys:           " << i.keys << '\n'
            << "file size:      " << i.file_size << " bytes\n"
            << "checksum:       crc32 " << crc << " (verified)\n";
    return 0;
}

}  // namespace geoevent::cli
