add_library(geoevent_warnings INTERFACE)
target_compile_options(geoevent_warnings INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)

add_library(geoevent_sanitize INTERFACE)
if(GEOEVENT_SANITIZE)
  target_compile_options(geoevent_sanitize INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(geoevent_sanitize INTERFACE -fsanitize=address,undefined)
endif()
if(GEOEVENT_FUZZ)
  # Coverage instrumentation for the library, so libFuzzer sees inside the parsers.
  target_compile_options(geoevent_sanitize INTERFACE -fsanitize=fuzzer-no-link)
endif()
