// Resolves one place name with the geoevent library: geoevent_example INDEX NAME
#include <geoevent/error.hpp>
#include <geoevent/gazetteer/index.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: geoevent_example INDEX NAME\n";
        return 2;
    }
    try {
        auto index = geoevent::gazetteer::Index::open(argv[1]);
        auto candidates = index.lookup(argv[2], {});
        if (candidates.empty()) {
            std::cout << argv[2] << ": not found\n";
            return 1;
        }
        const auto& best = candidates.front();
        std::cout << argv[2] << " -> " << best.place.geonameid << " " << best.place.name << " ("
                  << best.place.country << ") " << best.place.latitude << ", " << best.place.longitude
                  << '\n';
        return 0;
    } catch (const geoevent::Error& e) {
        std::cerr << "error: " << e.what() << "\nhint: " << e.hint() << '\n';
        return 1;
    }
}
