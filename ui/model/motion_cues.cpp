#include "model/motion_cues.hpp"

#include <algorithm>

namespace gorama::ui {

bool MotionCues::animates(goro::EventKind k) {
    switch (k) {
        case goro::EventKind::ChanSend:
        case goro::EventKind::ChanRecv:
        case goro::EventKind::TimerFire:
        case goro::EventKind::CtxCancel:
            return true;
        default:
            return false;
    }
}

void MotionCues::set_counters(const std::vector<CounterSpec>& counters) {
    m_flashing.clear();
    for (const CounterSpec& c : counters)
        m_flashing.push_back(c.flash.empty() ? std::string() : c.name);
}

void MotionCues::note(const goro::Event& e, std::string_view text) {
    if (e.kind == goro::EventKind::Metric && !text.empty()) {
        for (std::size_t i = 0; i < m_flashing.size(); ++i) {
            if (m_flashing[i].empty() || m_flashing[i] != text) continue;
            if (m_outcomes.size() == 2 * kKeptOutcomes)
                m_outcomes.erase(m_outcomes.begin(),
                                 m_outcomes.begin() + static_cast<std::ptrdiff_t>(kKeptOutcomes));
            m_outcomes.push_back({i, e.g});
        }
        return;
    }
    if (!animates(e.kind)) return;
    if (m_events.size() == 2 * kKept)
        m_events.erase(m_events.begin(), m_events.begin() + static_cast<std::ptrdiff_t>(kKept));
    m_events.push_back(e);
}

std::span<const OutcomeCue> MotionCues::outcomes() const {
    const std::size_t n = std::min(m_outcomes.size(), kKeptOutcomes);
    return {m_outcomes.data() + (m_outcomes.size() - n), n};
}

std::span<const goro::Event> MotionCues::events() const {
    const std::size_t n = std::min(m_events.size(), kKept);
    return {m_events.data() + (m_events.size() - n), n};
}

}  // namespace gorama::ui
