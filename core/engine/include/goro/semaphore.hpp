// Semaphore: golang.org/x/sync/semaphore's Weighted (x/sync 0.1.0), for goroutines. A reference
// type: copies share the semaphore.
//
// acquire(ctx, n) takes n of the semaphore's `size` units, parking until they are free or ctx
// is done; it yields ContextError::None once acquired, else ctx.err() with the semaphore left
// as it was. As in x/sync, a ctx already done does not stop an acquire that can succeed at once,
// and a waiter granted its units just as ctx ends keeps them (None). A request larger than the
// size never queues: it waits for ctx alone (forever for background()).
//
// Waiters are served strictly in the order they came: release() grants the oldest waiter and
// stops at the first one whose request does not fit, so a large request is never overtaken by
// smaller later ones (x/sync's notifyWaiters). try_acquire(n) takes n only when they are free
// and nobody waits. release(n) of more than is held panics with "semaphore: released more than
// held" (the units stay as they were).
//
// A waiter parks as x/sync's does, in a select on ctx.Done() and a channel of its own (named
// "<name>.ready") that the grant closes: a Go 1.19 dump says "[select]", and so does a deadlock
// report here. Events: SyncMake when made (with its size), SemAcquire (also when a release grants
// a waiter: g is the waiter) and SemRelease, each with the units in use after; the waits are the
// select's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "goro/context.hpp"
#include "goro/runtime.hpp"
#include "goro/task.hpp"

namespace goro {

namespace detail {
struct SemaphoreState;
}

class Semaphore {
  public:
    explicit Semaphore(std::int64_t size, std::string name = "sem");  // on this goroutine's runtime
    Semaphore(Runtime& rt, std::int64_t size, std::string name = "sem");

    // s.Acquire(ctx, n)
    [[nodiscard]] Task<ContextError> acquire(Context ctx, std::int64_t n) const;
    bool try_acquire(std::int64_t n) const;
    void release(std::int64_t n) const;
    std::int64_t size() const;
    std::int64_t used() const;
    ObjectId id() const;

  private:
    std::shared_ptr<detail::SemaphoreState> m_state;
};

}  // namespace goro
