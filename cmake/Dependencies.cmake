# Every dependency is consumed as an imported target; RapidJSON ships no target in
# Debian 12, so it is wrapped in an INTERFACE target of our own.
find_package(GDAL 3.6 CONFIG REQUIRED)
find_package(PROJ CONFIG REQUIRED)
find_package(GEOS 3.11 CONFIG REQUIRED)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(CLI11 CONFIG REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)

find_path(RAPIDJSON_INCLUDE_DIR rapidjson/document.h REQUIRED)
if(NOT TARGET geoevent_rapidjson)
  add_library(geoevent_rapidjson INTERFACE)
  target_include_directories(geoevent_rapidjson SYSTEM INTERFACE ${RAPIDJSON_INCLUDE_DIR})
  target_compile_definitions(geoevent_rapidjson INTERFACE RAPIDJSON_HAS_STDSTRING=1)
endif()

if(GEOEVENT_BUILD_TESTS)
  find_package(Catch2 2.13 CONFIG REQUIRED)
  include(Catch)
endif()
