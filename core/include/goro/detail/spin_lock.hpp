// SpinLock: the lock of a channel, a wait group or a mutex. Held for a few dozen instructions
// at a time and never across a suspension, so spinning beats sleeping in the kernel. A waiter
// spins on a plain load with a CPU pause (no cache-line ping-pong), and only after thousands
// of rounds, when the holder has likely been preempted, yields its thread: a yield is a system
// call, dearer than the whole critical section it waits for.
#pragma once

#include <atomic>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace goro::detail {

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
}

class SpinLock {
  public:
    void lock() noexcept {
        for (unsigned spins = 0;;) {
            if (!m_locked.exchange(true, std::memory_order_acquire)) return;
            while (m_locked.load(std::memory_order_relaxed)) {
                if (++spins < 4096) {
                    cpu_relax();
                } else {
                    std::this_thread::yield();
                }
            }
        }
    }
    bool try_lock() noexcept { return !m_locked.exchange(true, std::memory_order_acquire); }
    void unlock() noexcept { m_locked.store(false, std::memory_order_release); }

  private:
    std::atomic<bool> m_locked{false};
};

}  // namespace goro::detail
