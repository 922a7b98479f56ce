#include "model/timeline_history.hpp"

#include <algorithm>

#include "goro/event_fields.hpp"

namespace gorama::ui {

TimelineHistory::TimelineHistory(std::size_t max_intervals, std::size_t max_goroutines)
    : m_max_intervals(std::max<std::size_t>(max_intervals, 2)),
      m_max_goroutines(std::max<std::size_t>(max_goroutines, 1)) {
}

void TimelineHistory::clear() {
    m_lanes.clear();
    m_done_order.clear();
    m_interval_count = 0;
    m_untracked = 0;
    m_last_time = 0;
}

const GoroutineLane* TimelineHistory::lane(goro::GoroutineId id) const {
    auto it = m_lanes.find(id);
    return it == m_lanes.end() ? nullptr : &it->second;
}

const GoroutineLane* TimelineHistory::lane_named(std::string_view name) const {
    for (const auto& [id, l] : m_lanes) {
        if (l.name == name) return &l;
    }
    return nullptr;
}

GoroutineLane* TimelineHistory::make_lane(goro::GoroutineId id, std::string_view name) {
    if (auto it = m_lanes.find(id); it != m_lanes.end()) return &it->second;
    // At the limit, the lane that finished longest ago makes room (ids in m_done_order may
    // have been evicted already only if they were popped, so the front is always present).
    if (m_lanes.size() >= m_max_goroutines) {
        if (m_done_order.empty()) {
            ++m_untracked;
            return nullptr;
        }
        auto old = m_lanes.find(m_done_order.front());
        m_done_order.pop_front();
        if (old != m_lanes.end()) {
            m_interval_count -= old->second.intervals.size();
            m_lanes.erase(old);
        }
    }
    GoroutineLane& l = m_lanes[id];
    l.id = id;
    l.name = std::string(name);
    return &l;
}

void TimelineHistory::set_state(GoroutineLane& lane, VisualState s, goro::BlockReason reason,
                                goro::ObjectId waits_on, std::int64_t t) {
    auto& iv = lane.intervals;
    if (!iv.empty()) {
        StateInterval& back = iv.back();
        if (back.state == s && back.reason == reason && back.waits_on == waits_on) return;
        back.end = t;
    }
    iv.push_back(StateInterval{t, -1, s, reason, waits_on});
    ++m_interval_count;
    if (iv.size() > m_max_intervals) {
        iv.pop_front();
        --m_interval_count;
        ++lane.dropped;
    }
}

void TimelineHistory::apply(const goro::Event& e, std::string_view text) {
    using goro::EventKind;
    m_last_time = std::max(m_last_time, e.time);
    if (e.kind == EventKind::GoCreate) {
        GoroutineLane* l = make_lane(e.g, text);
        if (l) set_state(*l, VisualState::Runnable, goro::BlockReason::None, 0, e.time);
        return;
    }
    auto it = m_lanes.find(e.g);
    if (it == m_lanes.end()) return;
    GoroutineLane& l = it->second;
    const goro::BlockReason none = goro::BlockReason::None;
    switch (e.kind) {
        case EventKind::GoRun:
            set_state(l, VisualState::Running, none, 0, e.time);
            break;
        case EventKind::GoBlock: {
            const goro::BlockReason reason = goro::as_go_block(e)->reason;
            set_state(l, blocked_state(reason), reason, e.object, e.time);
            break;
        }
        case EventKind::GoUnblock:
        case EventKind::GoYield:
            set_state(l, VisualState::Runnable, none, 0, e.time);
            break;
        case EventKind::GoEnd:
        case EventKind::GoPanic:
            set_state(l, e.kind == EventKind::GoEnd ? VisualState::Finished : VisualState::Panicked,
                      none, 0, e.time);
            if (!l.done) m_done_order.push_back(l.id);
            l.done = true;
            break;
        case EventKind::Leak: {
            const goro::BlockReason reason = goro::as_leak(e)->reason;
            set_state(l, VisualState::Leaked, reason, e.object, e.time);
            break;
        }
        default:
            break;
    }
}

}  // namespace gorama::ui
