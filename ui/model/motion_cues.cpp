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

void MotionCues::note(const goro::Event& e) {
    if (!animates(e.kind)) return;
    if (m_events.size() == 2 * kKept)
        m_events.erase(m_events.begin(), m_events.begin() + static_cast<std::ptrdiff_t>(kKept));
    m_events.push_back(e);
}

std::span<const goro::Event> MotionCues::events() const {
    const std::size_t n = std::min(m_events.size(), kKept);
    return {m_events.data() + (m_events.size() - n), n};
}

}  // namespace gorama::ui
