// Waiter and WaitQueue: a goroutine parked on a channel or a sync object (Go's sudog and waitq).
#pragma once

#include <atomic>
#include <cstdint>

#include "goro/types.hpp"

namespace goro::detail {

struct G;
class ChanBase;

// The shared state of one blocked select. Exactly one waker wins `done` (0 -> 1) and records
// the waiter it completed in `fired`; every other waker skips this select's waiters.
struct SelectState {
    std::atomic<std::uint32_t> done{0};
    struct Waiter* fired = nullptr;
};

struct Waiter {
    G* g = nullptr;
    void* elem = nullptr;      // send: the value to move from; receive: storage to construct in
    MessageId msg = 0;         // send: the id the value carries; receive: set by the sender
    ChanBase* chan = nullptr;  // the channel whose queue holds this waiter (a reference is held)
    SelectState* select = nullptr;  // non-null when the waiter is one case of a blocked select
    std::uint64_t ticket = 0;  // sync.Cond: the notify ticket the waiter took (Go's notifyList)
    std::uint32_t case_index = 0;
    bool is_send = false;
    bool success = false;  // set by the waker: true = value moved; false = woken by close
    bool linked = false;   // in a queue (guarded by the channel's or sync object's lock)
    Waiter* next = nullptr;
    Waiter* prev = nullptr;
};

// An intrusive FIFO of waiters. Guarded by the owning channel's or sync object's lock.
class WaitQueue {
  public:
    bool empty() const { return m_head == nullptr; }
    Waiter* front() const { return m_head; }

    void push_back(Waiter* w) {
        w->next = nullptr;
        w->prev = m_tail;
        if (m_tail) {
            m_tail->next = w;
        } else {
            m_head = w;
        }
        m_tail = w;
        w->linked = true;
    }

    void remove(Waiter* w) {
        if (w->prev) {
            w->prev->next = w->next;
        } else {
            m_head = w->next;
        }
        if (w->next) {
            w->next->prev = w->prev;
        } else {
            m_tail = w->prev;
        }
        w->next = w->prev = nullptr;
        w->linked = false;
    }

    // Go's dequeue: the first waiter that can still be completed. A waiter of a select that
    // another channel already completed is skipped (its select unlinks it when it wakes).
    Waiter* dequeue() {
        for (Waiter* w = m_head; w;) {
            Waiter* next = w->next;
            if (w->select) {
                std::uint32_t expected = 0;
                if (!w->select->done.compare_exchange_strong(expected, 1,
                                                             std::memory_order_acq_rel)) {
                    w = next;
                    continue;
                }
                w->select->fired = w;
            }
            remove(w);
            return w;
        }
        return nullptr;
    }

    // Unlinks every waiter (none of them a select's) and returns them oldest first, chained by
    // `next`, for ready_all() to wake once the lock is dropped. `count` receives how many.
    Waiter* take_all(std::int64_t* count = nullptr) {
        Waiter* all = m_head;
        std::int64_t n = 0;
        for (Waiter* w = m_head; w; w = w->next) {
            w->linked = false;
            w->prev = nullptr;
            ++n;
        }
        m_head = m_tail = nullptr;
        if (count) *count = n;
        return all;
    }

  private:
    Waiter* m_head = nullptr;
    Waiter* m_tail = nullptr;
};

}  // namespace goro::detail
