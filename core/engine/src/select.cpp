// The select algorithm, after Go's selectgo (runtime/select.go).
#include <algorithm>
#include <functional>
#include <new>

#include "goro/panic.hpp"
#include "goro/select.hpp"
#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro::detail {

SelectOp::~SelectOp() {
    // Destroyed while parked (the runtime tears down a blocked goroutine): unlink every waiter.
    abandon();
}

int SelectOp::abandon() noexcept {
    if (!m_parked) return -1;
    m_parked = false;
    // abandon() takes each channel's lock: the waker's writes (fired, success, the value) were
    // made under the lock of the channel it completed, so they are visible after this loop.
    for (Waiter& w : m_waiters)
        ChanBase::abandon(w);
    const Waiter* fired = m_state.fired;
    if (fired && !fired->is_send && fired->success) return static_cast<int>(fired->case_index);
    return -1;
}

void SelectOp::lock_all() {
    for (std::size_t i = 0; i < m_nlocks; ++i)
        m_locks[i]->lock();
}

void SelectOp::unlock_all() {
    for (std::size_t i = m_nlocks; i-- > 0;)
        m_locks[i]->unlock();
}

int SelectOp::begin() {
    G* g = current_g();
    const std::size_t n = m_cases.size();
    // Poll order: a uniform random permutation of the non-nil cases (Fisher-Yates), so that
    // among several ready cases each is equally likely to run.
    // Each draw takes 16 fresh random bits and maps them to [0, k) by multiply-shift (Go's
    // cheaprandn): one call to the random source serves four cases.
    std::size_t npoll = 0;
    std::uint64_t bits = 0;
    int left = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!m_cases[i].chan) continue;
        std::size_t j = 0;
        if (npoll > 0) {
            if (left == 0) {
                bits = random_u64(core_of(g));
                left = 4;
            }
            j = static_cast<std::size_t>(((bits & 0xffff) * (npoll + 1)) >> 16);
            bits >>= 16;
            --left;
        }
        m_poll[npoll] = m_poll[j];
        m_poll[j] = static_cast<std::uint16_t>(i);
        ++npoll;
    }
    m_npoll = npoll;
    if (npoll == 0) {
        if (m_has_default) {
            if (g) core_of(g).record_event(EventKind::SelectDefault, g);
            return kDefault;
        }
        m_nlocks = 0;
        return kWouldBlock;  // select {}: park() blocks forever
    }

    // Pass 1a: each case under its own channel's lock, in poll order. Most selects find a
    // ready case here and lock one channel instead of all of them, which matters when other
    // cores are using those channels. Choosing the first ready case of a random order is what
    // pass 1b does too; the cases are only looked at a few nanoseconds apart instead of at
    // one instant, which no goroutine can tell apart (a case that turns ready in between
    // could as well have turned ready just after the select).
    for (std::size_t p = 0; p < npoll; ++p) {
        ChanBase* chan = m_cases[m_poll[p]].chan;
        chan->lock();
        const int chosen = try_case_locked(g, m_poll[p], [chan] { chan->unlock(); });
        if (chosen != kWouldBlock) return chosen;
        chan->unlock();
    }

    // Pass 1b: nothing was ready, so look again with every channel locked, in address order
    // (each channel once, so that selects never deadlock each other), as Go's selectgo does:
    // only then may the select take default, or park with its waiters on every channel
    // before any of them can be woken. Insertion sort: a select has a handful of cases.
    m_nlocks = 0;
    for (std::size_t p = 0; p < npoll; ++p) {
        ChanBase* c = m_cases[m_poll[p]].chan;
        std::size_t k = m_nlocks;
        while (k > 0 && std::less<>()(c, m_locks[k - 1]))
            --k;
        if (k > 0 && m_locks[k - 1] == c) continue;  // already listed
        for (std::size_t m = m_nlocks; m > k; --m)
            m_locks[m] = m_locks[m - 1];
        m_locks[k] = c;
        ++m_nlocks;
    }
    lock_all();
    for (std::size_t p = 0; p < npoll; ++p) {
        const int chosen = try_case_locked(g, m_poll[p], [this] { unlock_all(); });
        if (chosen != kWouldBlock) return chosen;
    }
    if (m_has_default) {
        m_locks[0]->core().record_event(EventKind::SelectDefault, g);
        unlock_all();
        return kDefault;
    }
    return kWouldBlock;  // every channel stays locked for park()
}

template <class Unlock>
int SelectOp::try_case_locked(G* g, std::size_t i, Unlock unlock) {
    SelectCaseDesc& c = m_cases[i];
    Waiter* wake = nullptr;
    bool done = false;
    if (c.is_send) {
        if (c.chan->closed_locked()) {
            unlock();
            panic("send on closed channel");
        }
        done = c.chan->try_send_locked(g, c.elem, wake);
    } else {
        bool ok = false;
        done = c.chan->try_recv_locked(g, c.elem, nullptr, ok, wake);
        c.received = done && ok;
    }
    if (!done) return kWouldBlock;
    c.chan->core().record_event(EventKind::SelectChosen, g, c.chan->id(), 0,
                                static_cast<std::int64_t>(i));
    unlock();
    if (wake) ChanBase::wake(wake, g);
    return static_cast<int>(i);
}

void SelectOp::park(std::coroutine_handle<> self) {
    G* g = current_g();
    if (m_nlocks == 0) {
        // Nothing will ever wake it. Go calls `select {}` "select (no cases)" and a select whose
        // channels are all nil plain "select"; so does the report.
        return prepare_park(
            g, self, m_cases.empty() ? BlockReason::SelectEmpty : BlockReason::Select, 0, this);
    }
    m_parked = true;
    // The waiters' storage is raw until a select parks (most never do): construct them now.
    for (Waiter& w : m_waiters)
        ::new (static_cast<void*>(&w)) Waiter();
    // Enqueued in the random poll order: when a channel appears in several cases, the first of
    // them in its queue is the one a peer completes, so each is as likely to run as in Go (whose
    // lock order sorts one channel's cases by poll order). Case order would always favour the
    // case listed first; address order would make the run depend on the memory allocator.
    for (std::size_t p = 0; p < m_npoll; ++p) {
        const std::size_t i = m_poll[p];
        SelectCaseDesc& c = m_cases[i];
        Waiter& w = m_waiters[i];
        w.g = g;
        w.elem = c.elem;
        w.select = &m_state;
        w.case_index = static_cast<std::uint32_t>(i);
        w.is_send = c.is_send;
        c.chan->enqueue_locked(w);
    }
    // The events follow the listing, whatever the poll order, so that a picture of the select
    // names its channels as the code does; every channel is still locked, so no event of a
    // peer can come between. GoBlock names the first listed channel: never one chosen by its
    // address, which would make the stream depend on the memory allocator.
    ObjectId first_listed = 0;
    for (const SelectCaseDesc& c : m_cases) {
        if (!c.chan) continue;
        if (first_listed == 0) first_listed = c.chan->id();
        c.chan->core().record_event(EventKind::SelectWait, g, c.chan->id(), 0, c.is_send ? 1 : 0);
    }
    prepare_park(g, self, BlockReason::Select, first_listed, this);
    // Once the first lock is dropped a waker may resume this goroutine on another thread and
    // destroy this object, so the channels to unlock are copied off the frame first.
    ChanBase* local[16];
    std::vector<ChanBase*> spill;
    ChanBase** locks = local;
    const std::size_t nlocks = m_nlocks;
    if (nlocks > 16) {
        spill.assign(m_locks.begin(), m_locks.begin() + static_cast<long>(nlocks));
        locks = spill.data();
    } else {
        std::copy(m_locks.begin(), m_locks.begin() + static_cast<long>(nlocks), local);
    }
    for (std::size_t i = nlocks; i-- > 0;)
        locks[i]->unlock();
}

int SelectOp::finish() {
    G* g = current_g();
    Waiter* fired = m_state.fired;
    lock_all();
    for (std::size_t i = 0; i < m_cases.size(); ++i) {
        if (m_cases[i].chan && &m_waiters[i] != fired)
            m_cases[i].chan->dequeue_locked(m_waiters[i]);
    }
    const int chosen = static_cast<int>(fired->case_index);
    SelectCaseDesc& c = m_cases[static_cast<std::size_t>(chosen)];
    c.chan->core().record_event(EventKind::SelectChosen, g, c.chan->id(), 0, chosen);
    unlock_all();
    m_parked = false;
    for (std::size_t i = 0; i < m_cases.size(); ++i)
        ChanBase::unpark(m_waiters[i]);
    if (c.is_send) {
        if (!fired->success) panic("send on closed channel");
    } else {
        c.received = fired->success;
    }
    return chosen;
}

}  // namespace goro::detail
