// G: the runtime's record of one goroutine (Go's g).
#pragma once

#include <coroutine>
#include <cstdint>
#include <string>

#include "goro/types.hpp"

namespace goro::detail {

class RuntimeCore;

struct G {
    std::coroutine_handle<> root;          // the goroutine's outermost frame, destroyed at exit
    std::coroutine_handle<> resume_point;  // where the goroutine continues when next run
    RuntimeCore* core = nullptr;
    G* reg_prev = nullptr;  // links in the registry of live goroutines
    G* reg_next = nullptr;
    const void* waits_on = nullptr;  // the object it is parked on (a ChanBase for channels)
    GoroutineId id = 0;
    SiteId site = 0;  // line of the Go listing it last reported
    ObjectId wait_object = 0;
    BlockReason reason = BlockReason::None;  // None while runnable or running
    std::uint8_t shard = 0;                  // registry shard it is listed in
    bool is_main = false;
    std::string name;  // empty: "goroutine <id>", as Go's traces call it
};

// The id of g, 0 for none. Inline, unlike the public id_of(), so that an event argument
// costs nothing when the runtime has no tracer.
inline GoroutineId id_or_zero(const G* g) noexcept {
    return g ? g->id : 0;
}

inline std::string display_name(const G* g) {
    return g->name.empty() ? "goroutine " + std::to_string(g->id) : g->name;
}

// The runtime whose goroutine or timers this thread runs right now; null on the host and while
// a runtime is torn down. Releasing the last reference to a channel records an event only then:
// the host may hold a channel past its runtime, and must not touch the runtime then.
RuntimeCore* running_core() noexcept;

// For its scope, marks this thread as firing `core`'s timers (see running_core()).
class FiringTimers {
  public:
    explicit FiringTimers(RuntimeCore& core) noexcept;
    ~FiringTimers();
    FiringTimers(const FiringTimers&) = delete;
    FiringTimers& operator=(const FiringTimers&) = delete;

  private:
    RuntimeCore* m_outer;
};

// The driver loop: resumes g at its resume point and keeps resuming whatever the trampoline
// names (a child task to start, a parent to return to) until g parks or ends. After it
// returns, g may already be running on another thread or be destroyed: do not touch it.
void run_slice(G* g) noexcept;

// Names what a parked goroutine waits on, for reports: "jobs" for a channel, "select on jobs,
// done" for a select. Only while the world is stopped (the object must be alive).
std::string describe_wait_object(const G* g);

}  // namespace goro::detail
