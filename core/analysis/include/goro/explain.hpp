// Plain words for how a run ended: what a deadlock, a leak, a panic or a fatal error means for
// each goroutine involved ("worker 2 is blocked forever sending on results; nobody receives").
// The command line prints them; the window shows them in its banner.
#pragma once

#include <string>
#include <vector>

#include "goro/run_result.hpp"

namespace goro {

// One sentence for one goroutine still alive at the end of a run.
std::string explain_stuck(const StuckGoroutine& g, RunStatus status);

// The headline ("Deadlock: all goroutines are asleep.") followed by one sentence per goroutine.
std::vector<std::string> explain(const RunResult& result);

}  // namespace goro
