// TimelineHistory: each goroutine's state over time, as intervals, for the timeline swimlanes.
// Fed one event at a time, in seq order, from the start of a run (a goroutine gets a lane at its
// GoCreate; events of goroutines it never saw created are ignored).
//
// Intervals of one lane are contiguous and in time order: each starts where the previous one
// ends, the last one is open (end == -1), and two neighbours never have the same state. Every
// state change is an interval, also one that lasted no time (GoUnblock then GoRun at the same
// instant, the common case on the virtual clock): the view draws it a pixel wide, which marks
// where one task ended and the next began.
//
// Memory is bounded: a lane keeps its last `max_intervals` intervals (older ones are dropped and
// counted), and at most `max_goroutines` lanes exist. When a new goroutine arrives at the limit,
// the lane that finished longest ago makes room; if every lane is alive, the newcomer is not
// tracked (and counted in untracked()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>

#include "goro/event.hpp"
#include "style/visual_state.hpp"

namespace gorama::ui {

struct StateInterval {
    std::int64_t start = 0;  // ns
    std::int64_t end = -1;   // ns; -1: still open (the goroutine is in this state now)
    VisualState state = VisualState::Runnable;
    goro::BlockReason reason = goro::BlockReason::None;  // while blocked
    goro::ObjectId waits_on = 0;                         // while blocked
};

struct GoroutineLane {
    goro::GoroutineId id = 0;
    std::string name;
    std::deque<StateInterval> intervals;  // oldest first; the last one is open until the end
    std::uint64_t dropped = 0;            // intervals dropped from the front (memory bound)
    bool done = false;                    // finished or panicked
};

class TimelineHistory {
  public:
    static constexpr std::size_t kDefaultMaxIntervals = 1000;
    static constexpr std::size_t kDefaultMaxGoroutines = 512;

    explicit TimelineHistory(std::size_t max_intervals = kDefaultMaxIntervals,
                             std::size_t max_goroutines = kDefaultMaxGoroutines);

    void apply(const goro::Event& e, std::string_view text);
    void clear();

    // Lanes by goroutine id (the order goroutines were created in).
    const std::map<goro::GoroutineId, GoroutineLane>& lanes() const { return m_lanes; }
    const GoroutineLane* lane(goro::GoroutineId id) const;
    const GoroutineLane* lane_named(std::string_view name) const;

    std::size_t interval_count() const { return m_interval_count; }
    std::uint64_t untracked() const { return m_untracked; }
    std::int64_t last_time() const { return m_last_time; }  // time of the last event applied
    std::size_t max_intervals() const { return m_max_intervals; }
    std::size_t max_goroutines() const { return m_max_goroutines; }

  private:
    void set_state(GoroutineLane& lane, VisualState s, goro::BlockReason reason,
                   goro::ObjectId waits_on, std::int64_t t);
    GoroutineLane* make_lane(goro::GoroutineId id, std::string_view name);

    std::size_t m_max_intervals;
    std::size_t m_max_goroutines;
    std::map<goro::GoroutineId, GoroutineLane> m_lanes;
    std::deque<goro::GoroutineId> m_done_order;  // finished lanes, the first to finish first
    std::size_t m_interval_count = 0;
    std::uint64_t m_untracked = 0;
    std::int64_t m_last_time = 0;
};

}  // namespace gorama::ui
