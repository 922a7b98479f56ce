#include "goro/rw_mutex.hpp"

#include <utility>

#include "goro/detail/scheduling.hpp"
#include "goro/detail/spin_lock.hpp"
#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro {
namespace detail {

struct RWMutexState {
    RWMutexState(RuntimeCore& core_, std::string name_)
        : core(core_),
          id(new_object_id(core_)),
          name(name_.empty() ? "rwmutex " + std::to_string(id) : std::move(name_)) {
        core.record_sync_make(SyncKind::RWMutex, id, name);
    }
    RuntimeCore& core;
    const ObjectId id;
    const std::string name;
    SpinLock lock;               // guards everything below
    std::int64_t readers = 0;    // goroutines holding a read lock
    bool writer_in = false;      // a writer has the writer side (Go's rw.w): it holds or drains
    bool writer_holds = false;   // that writer holds the lock
    Waiter* draining = nullptr;  // that writer, parked until the last reader leaves
    WaitQueue waiting_readers;   // behind the writer in (Go's readerSem)
    WaitQueue waiting_writers;   // for the writer side (Go's rw.w), FIFO
};

RWMutexRLockAwaiter::~RWMutexRLockAwaiter() {
    if (m_waiter.linked) {  // destroyed while parked
        std::lock_guard lock(m_state->lock);
        if (m_waiter.linked) m_state->waiting_readers.remove(&m_waiter);
    }
}

bool RWMutexRLockAwaiter::await_ready() {
    RWMutexState& s = *m_state;
    s.lock.lock();
    if (s.writer_in) return false;  // a writer holds it or waits for it: Go's writer preference
    ++s.readers;
    s.core.record_event(EventKind::RWMutexRLock, current_g(), s.id, 0, s.readers);
    s.lock.unlock();
    return true;
}

void RWMutexRLockAwaiter::await_suspend(std::coroutine_handle<> self) {
    m_waiter.g = current_g();
    m_state->waiting_readers.push_back(&m_waiter);
    prepare_park(m_waiter.g, self, BlockReason::RWMutexRLock, m_state->id, m_state.get());
    m_state->lock.unlock();  // publishes: the last act
}

RWMutexLockAwaiter::~RWMutexLockAwaiter() {
    if (m_waiter.linked) {  // destroyed while parked
        std::lock_guard lock(m_state->lock);
        if (!m_waiter.linked) return;
        if (m_state->draining == &m_waiter) {  // maybe moved there by unlock()
            m_state->draining = nullptr;
            m_waiter.linked = false;
        } else {
            m_state->waiting_writers.remove(&m_waiter);
        }
    }
}

bool RWMutexLockAwaiter::await_ready() {
    RWMutexState& s = *m_state;
    s.lock.lock();
    if (s.writer_in) return false;  // another writer first
    s.writer_in = true;
    if (s.readers > 0) {
        m_draining = true;  // new readers wait from now on; those in are waited for
        return false;
    }
    s.writer_holds = true;
    s.core.record_event(EventKind::MutexLock, current_g(), s.id);
    s.lock.unlock();
    return true;
}

void RWMutexLockAwaiter::await_suspend(std::coroutine_handle<> self) {
    RWMutexState& s = *m_state;
    m_waiter.g = current_g();
    if (m_draining) {
        s.draining = &m_waiter;
        m_waiter.linked = true;
    } else {
        s.waiting_writers.push_back(&m_waiter);
    }
    prepare_park(m_waiter.g, self, BlockReason::RWMutexLock, s.id, &s);
    s.lock.unlock();  // publishes: the last act
}

}  // namespace detail

RWMutex::RWMutex(std::string name) : RWMutex(detail::current_core().owner, std::move(name)) {
}
RWMutex::RWMutex(Runtime& rt, std::string name)
    : m_state(std::make_shared<detail::RWMutexState>(rt.core(), std::move(name))) {
}

bool RWMutex::try_rlock() const {
    std::lock_guard lock(m_state->lock);
    if (m_state->writer_in) return false;
    ++m_state->readers;
    m_state->core.record_event(EventKind::RWMutexRLock, detail::current_g(), m_state->id, 0,
                               m_state->readers);
    return true;
}

void RWMutex::runlock() const {
    detail::G* g = detail::current_g();
    detail::RWMutexState& s = *m_state;
    s.lock.lock();
    if (s.readers == 0) {
        s.lock.unlock();
        s.core.fatal(g, "sync: RUnlock of unlocked RWMutex");  // Go 1.19: fatal, not a panic
    }
    --s.readers;
    detail::Waiter* writer = nullptr;
    if (s.readers == 0 && s.draining) {  // the last reader lets the waiting writer in
        writer = std::exchange(s.draining, nullptr);
        writer->linked = false;
        s.writer_holds = true;
    }
    s.core.record_event(EventKind::RWMutexRUnlock, g, s.id, 0, s.readers,
                        detail::id_or_zero(writer ? writer->g : nullptr));
    if (writer) s.core.record_event(EventKind::MutexLock, writer->g, s.id);
    s.lock.unlock();
    if (writer) detail::make_ready(writer->g, g);
}

bool RWMutex::try_lock() const {
    std::lock_guard lock(m_state->lock);
    if (m_state->writer_in || m_state->readers > 0) return false;
    m_state->writer_in = m_state->writer_holds = true;
    m_state->core.record_event(EventKind::MutexLock, detail::current_g(), m_state->id);
    return true;
}

void RWMutex::unlock() const {
    detail::G* g = detail::current_g();
    detail::RWMutexState& s = *m_state;
    s.lock.lock();
    if (!s.writer_holds) {
        s.lock.unlock();
        s.core.fatal(g, "sync: Unlock of unlocked RWMutex");  // Go 1.19: fatal, not a panic
    }
    s.writer_holds = false;
    s.writer_in = false;
    // Go's Unlock: first every reader that waited comes in, then the writer side goes to the
    // next writer, which waits for those readers to leave.
    std::int64_t woken = 0;
    detail::Waiter* readers = s.waiting_readers.take_all(&woken);
    detail::Waiter* writer = s.waiting_writers.dequeue();
    detail::Waiter* handed = nullptr;
    if (writer) {
        s.writer_in = true;
        if (woken == 0) {
            s.writer_holds = true;
            handed = writer;
        } else {
            s.draining = writer;  // still parked, now on the readers
            writer->linked = true;
        }
    }
    s.core.record_event(EventKind::MutexUnlock, g, s.id, 0, 0,
                        detail::id_or_zero(handed ? handed->g : nullptr));
    for (detail::Waiter* r = readers; r; r = r->next)
        s.core.record_event(EventKind::RWMutexRLock, r->g, s.id, 0, ++s.readers);
    if (handed) s.core.record_event(EventKind::MutexLock, handed->g, s.id);
    s.lock.unlock();
    detail::ready_all(readers, g);
    if (handed) detail::make_ready(handed->g, g);
}

int RWMutex::readers() const {
    std::lock_guard lock(m_state->lock);
    return static_cast<int>(m_state->readers);
}

bool RWMutex::write_locked() const {
    std::lock_guard lock(m_state->lock);
    return m_state->writer_holds;
}

ObjectId RWMutex::id() const {
    return m_state->id;
}

}  // namespace goro
