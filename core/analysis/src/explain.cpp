#include "goro/explain.hpp"

#include <algorithm>

namespace goro {

std::string explain_stuck(const StuckGoroutine& g, RunStatus status) {
    const bool forever = status == RunStatus::Deadlock;
    // After a deadlock or a leak, say why nothing could wake the goroutine; after a panic, a
    // fatal error or a stop, the run simply ended around it.
    const bool say_why = status == RunStatus::Deadlock || status == RunStatus::Completed;
    const std::string on = g.object_name.empty() ? std::string("its channel") : g.object_name;
    const std::string head = g.name + (forever ? " is blocked forever " : " was still blocked ");
    const std::string when = forever ? "" : " when the run ended";
    auto with = [&](const std::string& what, const std::string& why) {
        return head + what + when + (say_why ? "; " + why : "");
    };
    switch (g.reason) {
        case BlockReason::ChanSend:
            return with("sending on " + on, "nobody receives");
        case BlockReason::ChanRecv:
            return with("receiving from " + on, "nobody sends, and nobody closes it");
        case BlockReason::NilChanSend:
        case BlockReason::NilChanRecv:
            return with("on a nil channel", "an operation on a nil channel never completes");
        case BlockReason::Select:
            if (g.object_name.empty()) {
                return with("in a select whose channels are all nil", "no case can ever be chosen");
            }
            return with("in a select on " + on, "no case can proceed");
        case BlockReason::SelectEmpty:
            return with("in a select with no cases", "it never wakes");
        case BlockReason::WaitGroup:
            return with("in WaitGroup.Wait", "the counter never reaches zero (a Done is missing)");
        case BlockReason::Mutex:
            return with("in Mutex.Lock", "the holder never unlocks it");
        case BlockReason::RWMutexRLock:
            return with("in RWMutex.RLock",
                        "a writer holds it or waits for it, and never gets done");
        case BlockReason::RWMutexLock:
            return with("in RWMutex.Lock", "a reader or writer holds it and never unlocks it");
        case BlockReason::CondWait:
            return with("in Cond.Wait", "nobody signals the condition");
        case BlockReason::Sleep:
            return g.name + " was still sleeping" + when;
        case BlockReason::None:
            return g.name + " was still runnable" + when;
    }
    return head;
}

std::vector<std::string> explain(const RunResult& result) {
    // A goroutine that could still run when the run ended is cut off, as Go's exit would cut
    // it off, when main returned (on threads, a sender that just handed main its value) or a
    // panic stopped everything: it is neither a leak nor worth a line.
    const bool cut_off_runnable = result.status == RunStatus::Completed ||
                                  result.status == RunStatus::Panicked ||
                                  result.status == RunStatus::Fatal;
    auto reported = [&](const StuckGoroutine& g) {
        return g.reason != BlockReason::None || !cut_off_runnable;
    };
    std::vector<std::string> lines;
    switch (result.status) {
        case RunStatus::Deadlock:
            if (result.stuck.empty()) {  // Go's "no goroutines (main called runtime.Goexit)"
                lines.push_back(
                    "Deadlock: main called runtime.Goexit and every other goroutine has returned: "
                    "nothing is left to run, and main never returns.");
            } else {
                lines.push_back("Deadlock: all goroutines are asleep, and nothing can wake them.");
            }
            break;
        case RunStatus::Panicked:
            lines.push_back("Panic in " + result.culprit_name + ": " + result.message + ".");
            break;
        case RunStatus::Fatal:
            lines.push_back("Fatal error in " +
                            (result.culprit ? result.culprit_name : std::string("the host")) +
                            ": " + result.message +
                            ". Unlike a panic, nothing can recover it: the program ends.");
            break;
        case RunStatus::Completed: {
            const auto leaked = static_cast<std::size_t>(
                std::count_if(result.stuck.begin(), result.stuck.end(), reported));
            if (leaked > 0) {
                lines.push_back("Leak: " + std::to_string(leaked) +
                                (leaked == 1 ? " goroutine was" : " goroutines were") +
                                " left behind when main returned.");
            }
            break;
        }
        default:
            break;
    }
    for (const StuckGoroutine& g : result.stuck) {
        if (reported(g)) lines.push_back(explain_stuck(g, result.status));
    }
    return lines;
}

}  // namespace goro
