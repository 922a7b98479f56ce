#include "style/visual_state.hpp"

#include "goro/metrics.hpp"
#include "goro/world_state.hpp"

namespace gorama::ui {

VisualState blocked_state(goro::BlockReason reason) {
    using goro::BlockReason;
    switch (reason) {
        case BlockReason::ChanSend:
        case BlockReason::NilChanSend:
            return VisualState::BlockedSend;
        case BlockReason::ChanRecv:
        case BlockReason::NilChanRecv:
            return VisualState::BlockedRecv;
        case BlockReason::Select:
        case BlockReason::SelectEmpty:
            return VisualState::Select;
        case BlockReason::Sleep:
            return VisualState::Sleeping;
        case BlockReason::WaitGroup:
        case BlockReason::Mutex:
        case BlockReason::RWMutexRLock:
        case BlockReason::RWMutexLock:
        case BlockReason::CondWait:
        case BlockReason::None:
            break;
    }
    return VisualState::BlockedSync;
}

VisualState visual_state(goro::GoState state, goro::BlockReason reason, bool leaked) {
    switch (state) {
        case goro::GoState::Running:
            return VisualState::Running;
        case goro::GoState::Runnable:
            return VisualState::Runnable;
        case goro::GoState::Blocked:
            return leaked ? VisualState::Leaked : blocked_state(reason);
        case goro::GoState::Finished:
            return VisualState::Finished;
        case goro::GoState::Panicked:
            return VisualState::Panicked;
    }
    return VisualState::Runnable;
}

VisualState visual_state(const goro::GoroutineView& g) {
    return visual_state(g.state, g.reason, g.leaked);
}

const char* visual_state_label(VisualState s) {
    switch (s) {
        case VisualState::Running:
            return "running";
        case VisualState::Runnable:
            return "ready to run";
        case VisualState::BlockedSend:
            return "blocked: send";
        case VisualState::BlockedRecv:
            return "blocked: receive";
        case VisualState::Select:
            return "blocked: select";
        case VisualState::Sleeping:
            return "sleeping";
        case VisualState::BlockedSync:
            return "wg.Wait / Lock";
        case VisualState::Finished:
            return "finished";
        case VisualState::Panicked:
            return "panicked";
        case VisualState::Leaked:
            return "leaked";
    }
    return "unknown";
}

VisualState blocked_state(const goro::BlockedAt& at, std::span<const goro::SiteId> work_sites) {
    return goro::is_work(at.reason, at.site, work_sites) ? VisualState::Running
                                                         : blocked_state(at.reason);
}

VisualState visual_state(const goro::GoroutineView& g, std::span<const goro::SiteId> work_sites) {
    if (g.state == goro::GoState::Blocked && !g.leaked)
        return blocked_state(goro::BlockedAt{g.reason, g.site}, work_sites);
    return visual_state(g);
}

}  // namespace gorama::ui
