#include "pipeline/worker_pool.hpp"

namespace geoevent::pipeline::detail {

WorkerPool::WorkerPool(unsigned threads, std::function<void(unsigned, std::size_t)> work) : m_work(std::move(work)) {
    for (unsigned i = 0; i < threads; ++i) m_threads.emplace_back([this, i] { loop(i); });
}

WorkerPool::~WorkerPool() {
    {
        std::unique_lock lock(m_mutex);
        // Items already handed out reference the caller's batch: let them finish first.
        m_done.wait(lock, [&] { return m_finished == m_items; });
        m_stop = true;
    }
    m_wake.notify_all();
    for (auto& t : m_threads) t.join();
}

void WorkerPool::start(std::size_t items) {
    {
        std::lock_guard lock(m_mutex);
        m_items = items;
        m_next = 0;
        m_finished = 0;
        m_error = nullptr;
    }
    m_wake.notify_all();
}

void WorkerPool::wait() {
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [&] { return m_finished == m_items; });
    if (m_error) std::rethrow_exception(std::exchange(m_error, nullptr));
}

void WorkerPool::loop(unsigned worker) {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stop || m_next < m_items; });
        if (m_stop) return;
        std::size_t item = m_next++;
        lock.unlock();
        std::exception_ptr error;
        try {
            m_work(worker, item);
        } catch (...) {
            error = std::current_exception();
        }
        lock.lock();
        if (error && !m_error) m_error = error;
        if (++m_finished == m_items) m_done.notify_all();
    }
}

}  // namespace geoevent::pipeline::detail
