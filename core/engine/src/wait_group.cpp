#include "goro/wait_group.hpp"

#include "goro/detail/scheduling.hpp"
#include "goro/detail/spin_lock.hpp"
#include "goro/panic.hpp"
#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro {
namespace detail {

struct WaitGroupState {
    WaitGroupState(RuntimeCore& core_, std::string name_)
        : core(core_),
          id(new_object_id(core_)),
          name(name_.empty() ? "wg " + std::to_string(id) : std::move(name_)) {
        core.record_sync_make(SyncKind::WaitGroup, id, name);
    }
    RuntimeCore& core;
    const ObjectId id;
    const std::string name;
    SpinLock lock;  // guards counter and waiters
    long counter = 0;
    WaitQueue waiters;
};

WaitGroupAwaiter::~WaitGroupAwaiter() {
    if (m_waiter.linked) {  // destroyed while parked
        std::lock_guard lock(m_state->lock);
        if (m_waiter.linked) m_state->waiters.remove(&m_waiter);
    }
}

bool WaitGroupAwaiter::await_ready() {
    G* g = current_g();
    m_state->lock.lock();
    m_state->core.record_event(EventKind::WgWait, g, m_state->id, 0, m_state->counter);
    if (m_state->counter == 0) {
        m_state->lock.unlock();
        return true;
    }
    return false;
}

void WaitGroupAwaiter::await_suspend(std::coroutine_handle<> self) {
    m_waiter.g = current_g();
    m_state->waiters.push_back(&m_waiter);
    prepare_park(m_waiter.g, self, BlockReason::WaitGroup, m_state->id, m_state.get());
    m_state->lock.unlock();  // publishes: the last act
}

void WaitGroupAwaiter::await_resume() noexcept {
}

}  // namespace detail

WaitGroup::WaitGroup(std::string name) : WaitGroup(detail::current_core().owner, std::move(name)) {
}
WaitGroup::WaitGroup(Runtime& rt, std::string name)
    : m_state(std::make_shared<detail::WaitGroupState>(rt.core(), std::move(name))) {
}

void WaitGroup::add(int delta) {
    detail::G* g = detail::current_g();
    detail::WaitGroupState& s = *m_state;
    s.lock.lock();
    s.counter += delta;
    s.core.record_event(EventKind::WgAdd, g, s.id, 0, delta, s.counter);
    if (s.counter < 0) {
        s.lock.unlock();
        panic("sync: negative WaitGroup counter");
    }
    detail::Waiter* woken = s.counter == 0 ? s.waiters.take_all() : nullptr;
    s.lock.unlock();
    detail::ready_all(woken, g);
}

int WaitGroup::counter() const {
    std::lock_guard lock(m_state->lock);
    return static_cast<int>(m_state->counter);
}

ObjectId WaitGroup::id() const {
    return m_state->id;
}

}  // namespace goro
