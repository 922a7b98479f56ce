// The event vocabulary's names, in the events library (goro_events) that both the engine and
// its analysis link.
#include "goro/event.hpp"

#include <iterator>

namespace goro {

std::string_view event_kind_name(EventKind kind) {
    static constexpr std::string_view kNames[] = {
        "GoCreate",       "GoRun",           "GoBlock",    "GoUnblock",    "GoYield",
        "GoEnd",          "GoPanic",         "ChanMake",   "ChanSend",     "ChanRecv",
        "ChanClose",      "ChanUnreachable", "SelectWait", "SelectChosen", "SelectDefault",
        "TimerSet",       "TimerFire",       "TimerStop",  "CtxCreate",    "CtxCancel",
        "WgAdd",          "WgWait",          "MutexLock",  "MutexUnlock",  "RWMutexRLock",
        "RWMutexRUnlock", "CondSignal",      "SemAcquire", "SemRelease",   "SyncMake",
        "Annotate",       "Metric",          "Deadlock",   "Leak",         "RunEnd",
    };
    static_assert(std::size(kNames) == kEventKindCount);
    const auto i = static_cast<std::size_t>(kind);
    return i < std::size(kNames) ? kNames[i] : "Unknown";
}

}  // namespace goro
