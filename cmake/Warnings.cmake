add_library(geoevent_warnings INTERFACE)
target_compile_options(geoevent_warnings INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)

add_library(geoevent_sanitize INTERFACE)
if(GEOEVENT_SANITIZE)
  target_compile_options(geoevent_sanitize INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
                                                  -fsanitize-recover=pointer-overflow)
  target_link_options(geoevent_sanitize INTERFACE -fsanitize=address,undefined)
  # RapidJSON 1.1 adds an offset to its lazily allocated (null) parse stack, which clang
  # reports as pointer overflow. That one check stays recoverable so tests/ubsan.supp can
  # silence it for RapidJSON's header alone; run with UBSAN_OPTIONS=halt_on_error=1 so any
  # other pointer overflow still stops the run.
endif()
if(GEOEVENT_FUZZ)
  # Coverage instrumentation for the library, so libFuzzer sees inside the parsers.
  target_compile_options(geoevent_sanitize INTERFACE -fsanitize=fuzzer-no-link)
endif()
