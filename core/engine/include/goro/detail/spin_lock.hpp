// SpinLock: the lock of a channel, a wait group or a mutex. Held for a few dozen instructions
// at a time and never across a suspension, so spinning beats sleeping in the kernel.
//
// Under contention (two cores hammering one channel) the cost is the cache line, not the
// critical section: every failed exchange pulls the line away from the holder, who needs it
// again a few nanoseconds later. A waiter therefore backs off exponentially (1, 2, 4 ... 256
// CPU pauses between looks at the lock), which lets the holder run several critical sections
// from its own cache, and looks with a plain load before it tries the exchange. Only after
// thousands of rounds, when the holder has likely been preempted, does it yield its thread: a
// yield is a system call, dearer than the whole critical section it waits for.
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
        if (!m_locked.exchange(true, std::memory_order_acquire)) return;
        lock_contended();
    }
    bool try_lock() noexcept { return !m_locked.exchange(true, std::memory_order_acquire); }
    void unlock() noexcept { m_locked.store(false, std::memory_order_release); }

  private:
    static constexpr unsigned kMaxBackoff = 128;  // pauses between two looks
    static constexpr unsigned kRoundsBeforeYield = 4096;

    void lock_contended() noexcept {
        unsigned backoff = 1;
        for (unsigned rounds = 0;; ++rounds) {
            if (rounds < kRoundsBeforeYield) {
                for (unsigned i = 0; i < backoff; ++i)
                    cpu_relax();
                if (backoff < kMaxBackoff) backoff *= 2;
            } else {
                std::this_thread::yield();
            }
            if (!m_locked.load(std::memory_order_relaxed) &&
                !m_locked.exchange(true, std::memory_order_acquire)) {
                return;
            }
        }
    }

    std::atomic<bool> m_locked{false};
};

}  // namespace goro::detail
