#include "goro/mutex.hpp"

#include "goro/detail/scheduling.hpp"
#include "goro/detail/spin_lock.hpp"
#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro {
namespace detail {

struct MutexState {
    MutexState(RuntimeCore& core_, std::string name_)
        : core(core_),
          id(new_object_id(core_)),
          name(name_.empty() ? "mutex " + std::to_string(id) : std::move(name_)) {
        core.record_sync_make(SyncKind::Mutex, id, name);
    }
    RuntimeCore& core;
    const ObjectId id;
    const std::string name;
    SpinLock lock;  // guards held and waiters
    bool held = false;
    WaitQueue waiters;  // FIFO: unlock hands the mutex to the front
};

MutexLockAwaiter::~MutexLockAwaiter() {
    if (m_waiter.linked) {  // destroyed while parked
        std::lock_guard lock(m_state->lock);
        if (m_waiter.linked) m_state->waiters.remove(&m_waiter);
    }
}

bool MutexLockAwaiter::await_ready() {
    m_state->lock.lock();
    if (!m_state->held) {
        m_state->held = true;
        m_state->core.record_event(EventKind::MutexLock, current_g(), m_state->id);
        m_state->lock.unlock();
        return true;
    }
    return false;
}

void MutexLockAwaiter::await_suspend(std::coroutine_handle<> self) {
    m_waiter.g = current_g();
    m_state->waiters.push_back(&m_waiter);
    prepare_park(m_waiter.g, self, BlockReason::Mutex, m_state->id, m_state.get());
    m_state->lock.unlock();  // publishes: the last act
}

void MutexLockAwaiter::await_resume() noexcept {
}  // unlock() handed the mutex over

}  // namespace detail

Mutex::Mutex(std::string name) : Mutex(detail::current_core().owner, std::move(name)) {
}
Mutex::Mutex(Runtime& rt, std::string name)
    : m_state(std::make_shared<detail::MutexState>(rt.core(), std::move(name))) {
}

bool Mutex::try_lock() const {
    std::lock_guard lock(m_state->lock);
    if (m_state->held) return false;
    m_state->held = true;
    m_state->core.record_event(EventKind::MutexLock, detail::current_g(), m_state->id);
    return true;
}

void Mutex::unlock() const {
    detail::G* g = detail::current_g();
    detail::MutexState& s = *m_state;
    s.lock.lock();
    if (!s.held) {
        s.lock.unlock();
        s.core.fatal(g, "sync: unlock of unlocked mutex");  // Go 1.19: fatal, not a panic
    }
    detail::Waiter* next = s.waiters.dequeue();
    if (!next) s.held = false;  // otherwise ownership passes straight to `next`
    s.core.record_event(EventKind::MutexUnlock, g, s.id, 0, 0,
                        detail::id_or_zero(next ? next->g : nullptr));
    if (next) s.core.record_event(EventKind::MutexLock, next->g, s.id);
    s.lock.unlock();
    if (next) detail::make_ready(next->g, g);
}

bool Mutex::locked() const {
    std::lock_guard lock(m_state->lock);
    return m_state->held;
}

ObjectId Mutex::id() const {
    return m_state->id;
}

}  // namespace goro
