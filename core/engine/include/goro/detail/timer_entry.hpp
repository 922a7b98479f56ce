// TimerEntry: one pending wake-up in the runtime's timer queue.
#pragma once

#include <cstdint>
#include <memory>

#include "goro/types.hpp"

namespace goro::detail {

class RuntimeCore;

// An entry is owned by whoever armed it (a sleeping goroutine's frame, a Timer, a Ticker, a
// context). While queued, the queue holds `keepalive` (which may be null when the owner
// outlives the queue entry by construction, as a parked sleeper does).
struct TimerEntry {
    virtual ~TimerEntry() = default;
    // Runs on whichever thread fires timers (the runner in deterministic mode, the timer thread
    // in parallel mode), without the queue's lock, `now` being the instant it was due.
    virtual void fire(Time due) noexcept = 0;

    Time when{0};
    std::uint64_t order = 0;  // arming order: breaks ties between equal `when`s
    int heap_index = -1;      // position in the queue's heap, -1 when not queued
    std::shared_ptr<void> keepalive;
};

// Arms `entry` to fire at `when` (an instant on the runtime's clock). Re-arming a queued entry
// moves it. Returns true if the entry was queued before.
bool arm_timer(RuntimeCore& core, TimerEntry& entry, Time when, std::shared_ptr<void> keepalive);
// Removes `entry` from the queue. Returns true if it was queued (so it will not fire).
bool disarm_timer(RuntimeCore& core, TimerEntry& entry);

}  // namespace goro::detail
