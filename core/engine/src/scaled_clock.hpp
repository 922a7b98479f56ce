// ScaledClock: the parallel runtime's clock. It reads the wall clock (steady_clock) scaled by a
// speed factor, and can be frozen (pause). now() is lock-free: a seqlock guards the base.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>

#include "goro/types.hpp"

namespace goro::detail {

class ScaledClock {
  public:
    // Starts frozen at 0: the clock begins when the runtime first runs.
    explicit ScaledClock(double speed) : m_speed(speed > 0 ? speed : 1.0) {
        m_base_wall.store(wall_ns());
    }

    Time now() const noexcept {
        for (;;) {
            const std::uint32_t v1 = m_version.load(std::memory_order_acquire);
            if (v1 & 1U) continue;
            // Acquire loads keep the second version check after them (no fence: TSan does
            // not model fences).
            const std::int64_t base_virtual = m_base_virtual.load(std::memory_order_acquire);
            const std::int64_t base_wall = m_base_wall.load(std::memory_order_acquire);
            const double speed = m_speed.load(std::memory_order_acquire);
            const bool frozen = m_frozen.load(std::memory_order_acquire);
            if (m_version.load(std::memory_order_relaxed) != v1) continue;
            if (frozen) return Time(base_virtual);
            return Time(base_virtual + static_cast<std::int64_t>(
                                           static_cast<double>(wall_ns() - base_wall) * speed));
        }
    }

    double speed() const { return m_speed.load(); }
    // How long to wait on the wall clock for the clock to advance by `d`.
    std::chrono::nanoseconds wall_for(Duration d) const {
        return std::chrono::nanoseconds(
            static_cast<std::int64_t>(static_cast<double>(d.count()) / m_speed.load()));
    }

    void set_speed(double speed) {
        if (!(speed > 0)) return;
        rebase([&] { m_speed.store(speed, std::memory_order_relaxed); });
    }
    void freeze(bool frozen) {
        rebase([&] { m_frozen.store(frozen, std::memory_order_relaxed); });
    }

  private:
    static std::int64_t wall_ns() noexcept {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
    // Moves the base to now, then applies `change`, as one step for readers.
    template <class F>
    void rebase(F change) {
        std::lock_guard lock(m_writer_mu);
        const Time current = now();
        m_version.fetch_add(1, std::memory_order_acq_rel);
        m_base_virtual.store(current.count(), std::memory_order_relaxed);
        m_base_wall.store(wall_ns(), std::memory_order_relaxed);
        change();
        m_version.fetch_add(1, std::memory_order_release);
    }

    std::mutex m_writer_mu;
    std::atomic<std::uint32_t> m_version{0};
    std::atomic<std::int64_t> m_base_virtual{0};
    std::atomic<std::int64_t> m_base_wall{0};
    std::atomic<double> m_speed;
    std::atomic<bool> m_frozen{true};
};

}  // namespace goro::detail
