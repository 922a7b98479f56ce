// SpinLock: the lock of a channel, a wait group or a mutex. Held for a few dozen instructions
// at a time and never across a suspension, so spinning beats sleeping in the kernel; after a
// while it yields the thread so that a preempted holder can finish.
#pragma once

#include <atomic>
#include <thread>

namespace goro::detail {

class SpinLock {
  public:
    void lock() noexcept {
        for (unsigned spins = 0;; ++spins) {
            if (!m_locked.exchange(true, std::memory_order_acquire)) return;
            while (m_locked.load(std::memory_order_relaxed)) {
                if (++spins > 64) std::this_thread::yield();
            }
        }
    }
    bool try_lock() noexcept { return !m_locked.exchange(true, std::memory_order_acquire); }
    void unlock() noexcept { m_locked.store(false, std::memory_order_release); }

  private:
    std::atomic<bool> m_locked{false};
};

}  // namespace goro::detail
