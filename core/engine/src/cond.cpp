#include "goro/cond.hpp"

#include "goro/detail/scheduling.hpp"
#include "goro/detail/spin_lock.hpp"
#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro {
namespace detail {

struct CondState {
    CondState(RuntimeCore& core_, std::unique_ptr<LockerBase> locker_, std::string name_)
        : core(core_),
          id(new_object_id(core_)),
          name(name_.empty() ? "cond " + std::to_string(id) : std::move(name_)),
          locker(std::move(locker_)) {
        core.record_sync_make(SyncKind::Cond, id, name);
    }
    RuntimeCore& core;
    const ObjectId id;
    const std::string name;
    const std::unique_ptr<LockerBase> locker;  // c.L
    SpinLock lock;                             // guards the tickets and waiters
    std::uint64_t next_ticket = 0;  // Go's notifyList.wait: the ticket the next wait() takes
    std::uint64_t notify = 0;       // Go's notifyList.notify: tickets below it are woken
    std::int64_t parked = 0;
    WaitQueue waiters;  // in the order they parked; each with its ticket
};

Runtime& runtime_here() {
    return current_core().owner;
}

std::shared_ptr<CondState> make_cond_state(Runtime& rt, std::unique_ptr<LockerBase> locker,
                                           std::string name) {
    return std::make_shared<CondState>(rt.core(), std::move(locker), std::move(name));
}

CondWaitAwaiter::~CondWaitAwaiter() {
    if (m_waiter.linked) {  // destroyed while parked
        std::lock_guard lock(m_state->lock);
        if (m_waiter.linked) {
            m_state->waiters.remove(&m_waiter);
            --m_state->parked;
        }
    }
}

bool CondWaitAwaiter::await_ready() {
    m_state->lock.lock();
    if (m_ticket < m_state->notify) {  // signalled between the unlock of L and now
        m_state->lock.unlock();
        return true;
    }
    return false;
}

void CondWaitAwaiter::await_suspend(std::coroutine_handle<> self) {
    m_waiter.g = current_g();
    m_waiter.ticket = m_ticket;
    m_state->waiters.push_back(&m_waiter);
    ++m_state->parked;
    prepare_park(m_waiter.g, self, BlockReason::CondWait, m_state->id, m_state.get());
    m_state->lock.unlock();  // publishes: the last act
}

Task<> cond_wait(std::shared_ptr<CondState> state) {
    std::uint64_t ticket;
    {
        std::lock_guard lock(state->lock);
        ticket = state->next_ticket++;  // Go's runtime_notifyListAdd
    }
    state->locker->unlock();
    {
        CondWaitAwaiter parked(state, ticket);  // named: GCC 12 loses temporaries across co_await
        co_await parked;
    }
    Task<> relock = state->locker->lock();
    co_await relock;
}

}  // namespace detail

void Cond::signal() const {
    detail::G* g = detail::current_g();
    detail::CondState& s = *m_state;
    s.lock.lock();
    detail::Waiter* woken = nullptr;
    if (s.notify != s.next_ticket) {
        const std::uint64_t t = s.notify++;
        // The waiter with ticket t, if it has parked yet (Go's notifyListNotifyOne).
        for (detail::Waiter* w = s.waiters.front(); w; w = w->next) {
            if (w->ticket == t) {
                s.waiters.remove(w);
                --s.parked;
                woken = w;
                break;
            }
        }
    }
    s.core.record_event(EventKind::CondSignal, g, s.id, 0, 0, woken ? 1 : 0);
    s.lock.unlock();
    if (woken) detail::make_ready(woken->g, g);
}

void Cond::broadcast() const {
    detail::G* g = detail::current_g();
    detail::CondState& s = *m_state;
    s.lock.lock();
    s.notify = s.next_ticket;
    std::int64_t n = 0;
    detail::Waiter* woken = s.waiters.take_all(&n);
    s.parked = 0;
    s.core.record_event(EventKind::CondSignal, g, s.id, 0, 1, n);
    s.lock.unlock();
    detail::ready_all(woken, g);
}

int Cond::waiters() const {
    std::lock_guard lock(m_state->lock);
    return static_cast<int>(m_state->parked);
}

ObjectId Cond::id() const {
    return m_state->id;
}

}  // namespace goro
