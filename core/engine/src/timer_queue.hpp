// TimerQueue: pending timers ordered by (when, order), with O(log n) removal.
#pragma once

#include <mutex>
#include <vector>

#include "goro/detail/timer_entry.hpp"

namespace goro::detail {

// Thread-safe. Fired entries are popped under the lock and fired by the caller without it.
class TimerQueue {
  public:
    // Returns true if the entry was already queued (it is moved to `when`).
    bool arm(TimerEntry& e, Time when, std::shared_ptr<void> keepalive);
    bool disarm(TimerEntry& e);
    bool empty() const;
    std::size_t size() const;
    // The earliest `when`, or Time::max() when empty.
    Time next_due() const;
    // Fires every entry due at or before `now`, earliest first, each at its own `when`, outside
    // the lock, with this thread marked as firing `core`'s timers (FiringTimers). Each entry's
    // keepalive is released once it has fired. The firing thread of either runtime calls it.
    void fire_due(Time now, RuntimeCore& core);
    // Drops every entry (keepalives released outside the lock).
    void clear();

    std::mutex& mutex() const { return m_mu; }
    // No entry queued, and none being fired (popped, fire() not returned): while one is, the
    // runtime is not quiescent even with an empty queue.
    bool idle_locked() const { return m_heap.empty() && m_in_flight == 0; }

  private:
    // Pops the earliest entry if it is due at or before `now`; its keepalive moves to `keep`.
    TimerEntry* pop_due(Time now, std::shared_ptr<void>& keep);
    // Pairs with each successful pop_due(), once the entry's fire() has returned.
    void fired() {
        std::lock_guard lock(m_mu);
        --m_in_flight;
    }

    bool less(int a, int b) const;
    void swap_at(int a, int b);
    void sift_up(int i);
    void sift_down(int i);
    void remove_at(int i);

    mutable std::mutex m_mu;
    std::vector<TimerEntry*> m_heap;
    std::uint64_t m_order = 0;
    int m_in_flight = 0;
};

}  // namespace goro::detail
