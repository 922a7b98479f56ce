// RunResult: how a run ended and which goroutines were still alive, a value the runtime
// returns and the analysis (explain) reads. Part of the events library (goro_events), like the
// event vocabulary: it names goroutines and objects by id and by name, never by pointer.
#pragma once

#include <string>
#include <vector>

#include "goro/types.hpp"

namespace goro {

// A goroutine that was still alive when the run ended.
struct StuckGoroutine {
    GoroutineId id = 0;
    std::string name;
    BlockReason reason = BlockReason::None;  // None: it was runnable
    ObjectId object = 0;                     // what it waits on (0: nothing)
    std::string object_name;                 // the channel's name, when it waits on one
    SiteId site = 0;
};

struct RunResult {
    RunStatus status = RunStatus::Paused;
    Time time{0};         // the clock when the run ended
    std::string message;  // Go's words: "all goroutines are asleep - deadlock!", the panic's value
    GoroutineId culprit = 0;  // who panicked or hit a fatal error (0: none, or the host)
    std::string culprit_name;
    std::vector<StuckGoroutine> stuck;  // deadlock: every goroutine; otherwise: leaked ones

    bool finished() const { return status != RunStatus::Paused; }
    // A few lines in Go's style: "fatal error: all goroutines are asleep - deadlock!" followed by
    // "goroutine 3 [chan receive]: worker 2 waits on jobs", or "panic: send on closed channel
    // (in goroutine 4, worker 3)", or "fatal error: sync: unlock of unlocked mutex (in ...)".
    std::string describe() const;
};

}  // namespace goro
