#pragma once
// Phase timestamps of an index build on stderr, when GEOEVENT_BUILD_TIMING is set: perf is
// not available on every machine the build is tuned on, and a 13 M-row refresh is too long
// to run under a profiler.
#include <cstdlib>
#include <cstdio>
#include <ctime>

namespace geoevent::gazetteer::detail {

inline void build_timing(const char* phase) {
    static const bool on = [] {
        const char* v = std::getenv("GEOEVENT_BUILD_TIMING");
        return v && *v && *v != '0';
    }();
    if (!on) return;
    timespec wall{}, cpu{}, thread{};
    ::clock_gettime(CLOCK_MONOTONIC, &wall);
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &thread);
    std::fprintf(stderr, "build-timing %.3f wall %.3f cpu %.3f this-thread %s\n", wall.tv_sec + wall.tv_nsec * 1e-9,
                 cpu.tv_sec + cpu.tv_nsec * 1e-9, thread.tv_sec + thread.tv_nsec * 1e-9, phase);
}

}  // namespace geoevent::gazetteer::detail
