// Chan<T>: Go's chan T, with Go's semantics.
//
// A Chan is a reference to a channel, like Go's: copies share the channel, and the
// default-constructed Chan is the nil channel (send and receive block forever; close panics).
//
//   goro::Chan<int> jobs = goro::make_chan<int>(10, "jobs");    // make(chan int, 10)
//   co_await jobs.send(7);                                       // jobs <- 7
//   std::optional<int> v = co_await jobs.recv();                 // v, ok := <-jobs
//   while (auto job = co_await jobs.recv()) { ... }              // for job := range jobs
//   jobs.close();                                                // close(jobs)
//
// make_chan panics with Go's "makechan: size out of range" in the goroutine that calls it when
// the capacity is negative (an int converted to std::size_t) or its buffer would pass Go's
// limit (capacity * sizeof(T) > 2^48 - 96 bytes); a buffer within that limit that cannot be
// allocated is Go's fatal error "out of memory" (see FatalError in panic.hpp).
//
// recv() yields an empty optional once the channel is closed and drained (ok == false).
// Sending on a closed channel panics with "send on closed channel", also for a sender that
// was already blocked when the channel was closed. try_send()/try_recv() are the
// select-with-default forms and never block.
//
// GCC 12: bind the result of a co_await in a loop condition to a name, as above. GCC 12
// miscompiles `while (co_await ch.recv()) co_await other;` (the goroutine is lost).
#pragma once

#include <cstddef>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "goro/detail/chan_base.hpp"
#include "goro/panic.hpp"
#include "goro/runtime.hpp"

namespace goro {

template <class T>
class Chan;

template <class T>
Chan<T> make_chan(Runtime& rt, std::size_t capacity = 0, std::string name = {});
template <class T>
Chan<T> make_chan(std::size_t capacity = 0, std::string name = {});

namespace detail {

// Parks the current goroutine forever (an operation on a nil channel, select {}).
void park_forever(std::coroutine_handle<> self, BlockReason reason) noexcept;

template <class T>
class SendAwaiter {
  public:
    SendAwaiter(ChanBase* chan, T value) : m_chan(chan), m_value(std::move(value)) {}
    SendAwaiter(const SendAwaiter&) = delete;
    ~SendAwaiter() {
        if (m_waiter.chan) ChanBase::abandon(m_waiter);  // destroyed while parked
    }

    bool await_ready() {
        if (!m_chan) return false;
        switch (m_chan->begin_send(current_g(), &m_value)) {
            case ChanBase::Outcome::Done:
                return true;
            case ChanBase::Outcome::Closed:
                panic("send on closed channel");
            case ChanBase::Outcome::WouldBlock:
                break;  // the channel stays locked
        }
        return false;
    }
    void await_suspend(std::coroutine_handle<> self) {
        if (!m_chan) return park_forever(self, BlockReason::NilChanSend);
        m_waiter.g = current_g();
        m_waiter.elem = &m_value;
        m_parked = true;
        m_chan->park_send(m_waiter, self);  // last act: unlocks the channel
    }
    void await_resume() {
        if (!m_parked) return;
        ChanBase::unpark(m_waiter);
        if (!m_waiter.success) panic("send on closed channel");
    }

  private:
    ChanBase* m_chan;
    T m_value;
    Waiter m_waiter;
    bool m_parked = false;
};

template <class T>
class RecvAwaiter {
  public:
    explicit RecvAwaiter(ChanBase* chan) : m_chan(chan) {}
    RecvAwaiter(const RecvAwaiter&) = delete;
    ~RecvAwaiter() {
        if (m_waiter.chan) {
            // Destroyed while parked (the runtime tears down a goroutine that never resumed). A
            // sender may have handed its value over before the end: it lives in m_storage.
            // abandon() takes the channel lock, which orders this read after the sender's write.
            ChanBase::abandon(m_waiter);
            if (m_waiter.success) value()->~T();
        }
        if (m_has) value()->~T();
    }

    bool await_ready() {
        if (!m_chan) return false;
        switch (m_chan->begin_recv(current_g(), m_storage, nullptr)) {
            case ChanBase::Outcome::Done:
                m_has = true;
                return true;
            case ChanBase::Outcome::Closed:
                return true;
            case ChanBase::Outcome::WouldBlock:
                break;  // the channel stays locked
        }
        return false;
    }
    void await_suspend(std::coroutine_handle<> self) {
        if (!m_chan) return park_forever(self, BlockReason::NilChanRecv);
        m_waiter.g = current_g();
        m_waiter.elem = m_storage;
        m_parked = true;
        m_chan->park_recv(m_waiter, self);  // last act: unlocks the channel
    }
    std::optional<T> await_resume() {
        if (m_parked) {
            ChanBase::unpark(m_waiter);
            m_has = m_waiter.success;
        }
        if (!m_has) return std::nullopt;
        std::optional<T> out(std::move(*value()));
        value()->~T();
        m_has = false;
        return out;
    }

  private:
    T* value() { return std::launder(reinterpret_cast<T*>(m_storage)); }
    ChanBase* m_chan;
    Waiter m_waiter;
    alignas(T) unsigned char m_storage[sizeof(T)];
    bool m_has = false;
    bool m_parked = false;
};

}  // namespace detail

// The result of a non-blocking receive.
template <class T>
struct TryRecv {
    std::optional<T> value;  // the value received, if any
    bool closed = false;     // the channel is closed and drained (ok == false)
    bool received() const { return value.has_value(); }
};

template <class T>
class RecvCase;
template <class T>
class SendCase;

template <class T>
class Chan {
    static_assert(std::is_nothrow_move_constructible_v<T>,
                  "channel elements must be nothrow move constructible");

  public:
    Chan() noexcept = default;  // the nil channel
    Chan(const Chan& other) noexcept : m_base(other.m_base) {
        if (m_base) m_base->retain();
    }
    Chan(Chan&& other) noexcept : m_base(std::exchange(other.m_base, nullptr)) {}
    Chan& operator=(Chan other) noexcept {
        std::swap(m_base, other.m_base);
        return *this;
    }
    ~Chan() {
        if (m_base) m_base->release();
    }

    bool is_nil() const noexcept { return m_base == nullptr; }
    friend bool operator==(const Chan& a, const Chan& b) noexcept { return a.m_base == b.m_base; }

    std::size_t len() const { return m_base ? m_base->len() : 0; }
    std::size_t cap() const { return m_base ? m_base->cap() : 0; }
    ObjectId id() const { return m_base ? m_base->id() : 0; }
    std::string name() const { return m_base ? m_base->name() : std::string("nil"); }

    [[nodiscard]] detail::SendAwaiter<T> send(T value) const {
        return detail::SendAwaiter<T>(m_base, std::move(value));
    }
    [[nodiscard]] detail::RecvAwaiter<T> recv() const { return detail::RecvAwaiter<T>(m_base); }

    // select { case ch <- v: return true; default: return false }
    bool try_send(T value) const {
        if (!m_base) return false;
        switch (m_base->begin_send(detail::current_g(), &value)) {
            case detail::ChanBase::Outcome::Done:
                return true;
            case detail::ChanBase::Outcome::Closed:
                panic("send on closed channel");
            case detail::ChanBase::Outcome::WouldBlock:
                break;
        }
        m_base->cancel_locked();
        detail::record_event(m_base->core(), EventKind::SelectDefault, detail::current_g(),
                             m_base->id());
        return false;
    }

    // select { case v, ok := <-ch: ...; default: ... }
    TryRecv<T> try_recv() const {
        TryRecv<T> out;
        if (!m_base) return out;
        alignas(T) unsigned char storage[sizeof(T)];
        switch (m_base->begin_recv(detail::current_g(), storage, nullptr)) {
            case detail::ChanBase::Outcome::Done: {
                T* v = std::launder(reinterpret_cast<T*>(storage));
                out.value.emplace(std::move(*v));
                v->~T();
                return out;
            }
            case detail::ChanBase::Outcome::Closed:
                out.closed = true;
                return out;
            case detail::ChanBase::Outcome::WouldBlock:
                break;
        }
        m_base->cancel_locked();
        detail::record_event(m_base->core(), EventKind::SelectDefault, detail::current_g(),
                             m_base->id());
        return out;
    }

    // close(ch)
    void close() const {
        if (!m_base) panic("close of nil channel");
        m_base->close(detail::current_g());
    }

    // Cases for goro::select (see select.hpp).
    RecvCase<T> recv_case() const;
    RecvCase<T> recv_case(std::optional<T>& out) const;
    SendCase<T> send_case(T value) const;

    detail::ChanBase* base() const noexcept { return m_base; }

  private:
    template <class U>
    friend Chan<U> make_chan(Runtime& rt, std::size_t capacity, std::string name);
    explicit Chan(detail::ChanBase* base) noexcept : m_base(base) {}
    detail::ChanBase* m_base = nullptr;
};

template <class T>
Chan<T> make_chan(Runtime& rt, std::size_t capacity, std::string name) {
    return Chan<T>(new detail::ChanBase(rt.core(), capacity, detail::kElemOps<T>, std::move(name)));
}

// make(chan T, capacity) on the current goroutine's runtime.
template <class T>
Chan<T> make_chan(std::size_t capacity, std::string name) {
    Runtime* rt = Runtime::current();
    if (!rt) detail::current_core();  // throws: not inside a goroutine
    return make_chan<T>(*rt, capacity, std::move(name));
}

}  // namespace goro
