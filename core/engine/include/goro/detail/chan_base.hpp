// ChanBase: the type-erased heart of every channel (Go's hchan). Chan<T> and select use it.
//
// Invariants (all under m_lock):
// - At least one of sendq and recvq is empty, unless the channel is unbuffered and a select
//   is blocked on both sides of it (its stale waiters stay linked until it unlinks them).
// - For a buffered channel: count > 0 implies recvq holds no waiter that can still complete
//   (receivers only wait on an empty buffer); count < cap implies the same for sendq.
// - Once closed, no waiter is added to sendq or recvq.
// - Waiters are made runnable only after m_lock is dropped: a woken goroutine may run at once
//   on another thread, and must not find the channel still locked by the one who woke it.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

#include "goro/detail/scheduling.hpp"
#include "goro/detail/spin_lock.hpp"
#include "goro/detail/wait_queue.hpp"

namespace goro::detail {

// How to move and destroy the channel's element type, without templates in the channel code.
struct ElemOps {
    std::size_t size;
    std::size_t align;
    void (*move_construct)(void* dst, void* src) noexcept;  // constructs *dst from *src
    void (*destroy)(void* p) noexcept;
};

template <class T>
inline constexpr ElemOps kElemOps = {
    sizeof(T),
    alignof(T),
    [](void* dst, void* src) noexcept { ::new (dst) T(std::move(*static_cast<T*>(src))); },
    [](void* p) noexcept { static_cast<T*>(p)->~T(); },
};

class ChanBase {
  public:
    // Panics ("makechan: size out of range") for a capacity past Go's limit, and ends the run
    // with the fatal error "out of memory" when a buffer within it cannot be allocated.
    ChanBase(RuntimeCore& core, std::size_t capacity, const ElemOps& ops, std::string name);
    ChanBase(const ChanBase&) = delete;
    ChanBase& operator=(const ChanBase&) = delete;

    void retain() noexcept { m_refs.fetch_add(1, std::memory_order_relaxed); }
    void release() noexcept;

    ObjectId id() const { return m_id; }
    const std::string& name() const { return m_name; }
    RuntimeCore& core() const { return m_core; }
    std::size_t cap() const { return m_cap; }
    std::size_t len() const;
    bool closed() const;

    enum class Outcome { Done, Closed, WouldBlock };

    // Blocking send, first half. Done: the value moved (from *src). Closed: the channel is
    // closed (the caller panics). WouldBlock: m_lock is still held and the caller must call
    // park_send() next (or cancel_locked() for a non-blocking send).
    Outcome begin_send(G* g, void* src);
    // Blocking receive, first half. Done: a value was constructed in *dst (msg set).
    // Closed: closed and drained, nothing constructed. WouldBlock: as for begin_send.
    Outcome begin_recv(G* g, void* dst, MessageId* msg);
    // Second halves: enqueue `w` (already filled in), park g at `self`, drop the lock.
    void park_send(Waiter& w, std::coroutine_handle<> self);
    void park_recv(Waiter& w, std::coroutine_handle<> self);
    void cancel_locked() { m_lock.unlock(); }
    // After a parked waiter has been woken: drop the channel reference the waiter held.
    static void unpark(Waiter& w) noexcept;
    // For destroying a frame with a parked waiter: unlink it if still queued.
    static void abandon(Waiter& w) noexcept;

    // close(ch). Panics on a closed channel (and the caller on a nil one).
    void close(G* g);

    // --- for select: the caller holds the lock (lock()/unlock()) ---------------------------
    void lock() { m_lock.lock(); }
    void unlock() { m_lock.unlock(); }
    // Completes a send now if it can. Returns the waiter to wake (or null) through `wake`.
    // Precondition: not closed.
    bool try_send_locked(G* g, void* src, Waiter*& wake);
    // Completes a receive now if it can; `ok` false means closed and drained.
    bool try_recv_locked(G* g, void* dst, MessageId* msg, bool& ok, Waiter*& wake);
    bool closed_locked() const { return m_closed; }
    void enqueue_locked(Waiter& w);
    void dequeue_locked(Waiter& w);

    // Makes a woken waiter's goroutine runnable. Called without any channel lock.
    static void wake(Waiter* w, G* waker) noexcept;

  private:
    ~ChanBase();
    void record_unreachable() noexcept;
    void* slot(std::size_t i) const { return m_buf + i * m_ops.size; }
    // The ring's next index: a compare, not a division (a division is tens of cycles).
    std::size_t next_slot(std::size_t i) const { return i + 1 == m_cap ? 0 : i + 1; }
    MessageId stamp() { return m_traced ? new_message_id(m_core) : 0; }

    RuntimeCore& m_core;
    const bool m_traced;  // the runtime has a tracer: values get message ids
    const ElemOps m_ops;
    const std::size_t m_cap;      // buffer slots; 0: unbuffered
    std::byte* m_buf = nullptr;   // ring of m_cap elements
    MessageId* m_msgs = nullptr;  // the message id of each buffered element
    mutable SpinLock m_lock;      // guards everything below
    std::size_t m_count = 0;      // elements in the buffer
    std::size_t m_sendx = 0;      // next slot to fill
    std::size_t m_recvx = 0;      // next slot to take
    bool m_closed = false;
    WaitQueue m_recvq;                     // parked receivers
    WaitQueue m_sendq;                     // parked senders
    std::atomic<std::uint32_t> m_refs{1};  // Chan handles and parked waiters
    const ObjectId m_id;
    const std::string m_name;
};

}  // namespace goro::detail
