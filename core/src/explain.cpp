#include "goro/explain.hpp"

namespace goro {

std::string explain_stuck(const StuckGoroutine& g, RunStatus status) {
    const bool forever = status == RunStatus::Deadlock;
    const std::string who = g.name;
    const std::string on = g.object_name.empty() ? std::string("its channel") : g.object_name;
    const std::string blocked = forever ? " is blocked forever " : " was still blocked ";
    const std::string tail = forever ? "" : " when the run ended";
    switch (g.reason) {
        case BlockReason::ChanSend:
            return who + blocked + "sending on " + on + tail + "; nobody receives";
        case BlockReason::ChanRecv:
            return who + blocked + "receiving from " + on + tail +
                   "; nobody sends, and nobody closes it";
        case BlockReason::NilChanSend:
        case BlockReason::NilChanRecv:
            return who + blocked + "on a nil channel" + tail +
                   "; an operation on a nil channel never completes";
        case BlockReason::Select:
            if (g.object_name.empty()) {
                return who + blocked + "in a select whose channels are all nil" + tail +
                       "; no case can ever be chosen";
            }
            return who + blocked + "in a select on " + on + tail + "; no case can proceed";
        case BlockReason::SelectEmpty:
            return who + blocked + "in a select with no cases" + tail + "; it never wakes";
        case BlockReason::WaitGroup:
            return who + blocked + "in WaitGroup.Wait" + tail +
                   "; the counter never reaches zero (a Done is missing)";
        case BlockReason::Mutex:
            return who + blocked + "in Mutex.Lock" + tail + "; the holder never unlocks it";
        case BlockReason::Sleep:
            return who + " was still sleeping" + tail;
        case BlockReason::None:
            return who + " was still runnable" + tail;
    }
    return who + blocked;
}

std::vector<std::string> explain(const RunResult& result) {
    std::vector<std::string> lines;
    switch (result.status) {
        case RunStatus::Deadlock:
            lines.push_back("Deadlock: all goroutines are asleep, and nothing can wake them.");
            break;
        case RunStatus::Panicked:
            lines.push_back("Panic in " + result.culprit_name + ": " + result.message + ".");
            break;
        case RunStatus::Completed:
            if (!result.stuck.empty()) {
                lines.push_back("Leak: " + std::to_string(result.stuck.size()) +
                                (result.stuck.size() == 1 ? " goroutine was" : " goroutines were") +
                                " left behind when main returned.");
            }
            break;
        default:
            break;
    }
    for (const StuckGoroutine& g : result.stuck) {
        if (g.reason == BlockReason::None && result.status == RunStatus::Panicked) continue;
        lines.push_back(explain_stuck(g, result.status));
    }
    return lines;
}

}  // namespace goro
