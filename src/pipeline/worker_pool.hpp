#pragma once
// A fixed set of threads that work through the items of one batch at a time: start(n)
// hands out items 0..n-1 (each to exactly one worker), wait() blocks until all are done
// and rethrows the first exception a worker raised. The caller is free between the two,
// which is when it reads the next batch.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace geoevent::pipeline::detail {

class WorkerPool {
public:
    // work(worker, item): `worker` in [0, threads) names per-thread state.
    WorkerPool(unsigned threads, std::function<void(unsigned, std::size_t)> work);
    ~WorkerPool();  // finishes the batch in flight, then joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void start(std::size_t items);
    void wait();

private:
    void loop(unsigned worker);
    std::function<void(unsigned, std::size_t)> m_work;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    std::size_t m_items = 0;
    std::size_t m_next = 0;
    std::size_t m_finished = 0;
    bool m_stop = false;
    std::exception_ptr m_error;
    std::vector<std::thread> m_threads;
};

}  // namespace geoevent::pipeline::detail
