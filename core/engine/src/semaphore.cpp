#include "goro/semaphore.hpp"

#include <list>
#include <mutex>
#include <utility>
#include <vector>

#include "goro/detail/scheduling.hpp"
#include "goro/detail/spin_lock.hpp"
#include "goro/panic.hpp"
#include "goro/select.hpp"
#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro {
namespace detail {

// Invariants (under lock): 0 <= used <= size; every queued waiter's n <= size; the front
// waiter's n is more than size - used (else release() would have granted it).
struct SemaphoreState {
    struct Waiter {
        std::int64_t n;
        Chan<Unit> ready;  // closed by the grant
        G* g;              // parked in its select until the grant or ctx ends it
        bool granted = false;
    };

    SemaphoreState(RuntimeCore& core_, std::int64_t size_, std::string name_)
        : core(core_),
          id(new_object_id(core_)),
          name(name_.empty() ? "semaphore " + std::to_string(id) : std::move(name_)),
          size(size_) {
        core.record_sync_make(SyncKind::Semaphore, id, name, size);
    }

    // x/sync's notifyWaiters: grants waiters in order while the front one fits. lock held; the
    // channels to close are appended to `close`, for the caller to close once it has unlocked.
    void grant_locked(std::vector<Chan<Unit>>& close) {
        while (!waiters.empty()) {
            Waiter& w = waiters.front();
            if (size - used < w.n) break;  // no overtaking: a large request blocks smaller ones
            used += w.n;
            w.granted = true;
            core.record_event(EventKind::SemAcquire, w.g, id, 0, w.n, used);
            close.push_back(std::move(w.ready));
            waiters.pop_front();
        }
    }

    RuntimeCore& core;
    const ObjectId id;
    const std::string name;
    const std::int64_t size;
    SpinLock lock;  // guards used and waiters
    std::int64_t used = 0;
    std::list<Waiter> waiters;  // FIFO
};

namespace {

void close_all(std::vector<Chan<Unit>>& chans) {
    for (const Chan<Unit>& c : chans)
        c.close();
}

Task<ContextError> acquire_slow(std::shared_ptr<SemaphoreState> s, Context ctx, std::int64_t n) {
    G* g = current_g();
    s->lock.lock();
    if (s->size - s->used >= n && s->waiters.empty()) {
        s->used += n;
        s->core.record_event(EventKind::SemAcquire, g, s->id, 0, n, s->used);
        s->lock.unlock();
        co_return ContextError::None;
    }
    if (n > s->size) {  // doomed: do not make the others wait behind it
        s->lock.unlock();
        Chan<Unit> done = ctx.done();
        co_await done.recv();
        co_return ctx.err();
    }
    Chan<Unit> ready = make_chan<Unit>(s->core.owner, 0, s->name + ".ready");
    auto self = s->waiters.insert(s->waiters.end(), SemaphoreState::Waiter{n, ready, g});
    s->lock.unlock();

    Chan<Unit> done = ctx.done();
    const int chosen = co_await goro::select(done.recv_case(), ready.recv_case());
    if (chosen == 1) co_return ContextError::None;
    ContextError err = ctx.err();
    std::vector<Chan<Unit>> to_close;
    {
        std::lock_guard lock(s->lock);
        if (self->granted) {
            err = ContextError::None;  // granted as ctx ended: keep the units (x/sync does)
        } else {
            const bool front = self == s->waiters.begin();
            s->waiters.erase(self);
            if (front && s->size > s->used) s->grant_locked(to_close);
        }
    }
    close_all(to_close);
    co_return err;
}

}  // namespace
}  // namespace detail

Semaphore::Semaphore(std::int64_t size, std::string name)
    : Semaphore(detail::current_core().owner, size, std::move(name)) {
}
Semaphore::Semaphore(Runtime& rt, std::int64_t size, std::string name)
    : m_state(std::make_shared<detail::SemaphoreState>(rt.core(), size, std::move(name))) {
}

Task<ContextError> Semaphore::acquire(Context ctx, std::int64_t n) const {
    return detail::acquire_slow(m_state, std::move(ctx), n);
}

bool Semaphore::try_acquire(std::int64_t n) const {
    detail::SemaphoreState& s = *m_state;
    std::lock_guard lock(s.lock);
    if (s.size - s.used < n || !s.waiters.empty()) return false;
    s.used += n;
    s.core.record_event(EventKind::SemAcquire, detail::current_g(), s.id, 0, n, s.used);
    return true;
}

void Semaphore::release(std::int64_t n) const {
    detail::SemaphoreState& s = *m_state;
    std::vector<Chan<Unit>> to_close;
    s.lock.lock();
    if (s.used - n < 0) {
        s.lock.unlock();
        panic("semaphore: released more than held");
    }
    s.used -= n;
    s.core.record_event(EventKind::SemRelease, detail::current_g(), s.id, 0, n, s.used);
    s.grant_locked(to_close);
    s.lock.unlock();
    detail::close_all(to_close);
}

std::int64_t Semaphore::size() const {
    return m_state->size;
}

std::int64_t Semaphore::used() const {
    std::lock_guard lock(m_state->lock);
    return m_state->used;
}

ObjectId Semaphore::id() const {
    return m_state->id;
}

}  // namespace goro
