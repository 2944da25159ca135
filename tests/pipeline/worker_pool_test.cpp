#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>

#include "pipeline/worker_pool.hpp"

using geoevent::pipeline::detail::WorkerPool;

TEST_CASE("the pool does every item of every batch exactly once", "[pipeline]") {
    std::vector<std::atomic<int>> seen(1000);
    std::atomic<int> bad_worker{0};
    WorkerPool pool(3, [&](unsigned worker, std::size_t i) {
        if (worker >= 3) ++bad_worker;
        ++seen[i];
    });
    for (std::size_t batch : {1000u, 7u, 0u, 500u}) {
        pool.start(batch);
        pool.wait();
    }
    CHECK(bad_worker == 0);
    // Item i is in every batch longer than i.
    for (std::size_t i = 0; i < 1000; ++i) {
        int expected = 1 + (i < 7) + (i < 500);
        if (seen[i] != expected) FAIL("item " << i << " done " << seen[i] << " times, not " << expected);
    }
}

TEST_CASE("a worker's exception reaches wait(), and the pool stays usable", "[pipeline]") {
    std::atomic<int> done{0};
    WorkerPool pool(2, [&](unsigned, std::size_t i) {
        if (i == 5) throw std::runtime_error("item 5 failed");
        ++done;
    });
    pool.start(10);
    CHECK_THROWS_WITH(pool.wait(), "item 5 failed");
    CHECK(done == 9);  // the others still ran
    pool.start(3);
    CHECK_NOTHROW(pool.wait());
}
