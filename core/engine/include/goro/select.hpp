// select: Go's select statement over send and receive cases and default.
//
//   std::optional<int> job;
//   switch (co_await goro::select(jobs.recv_case(job), results.send_case(r),
//                                 ctx.done().recv_case(), goro::default_case())) {
//       case 0: ...  // received: job holds the value (empty: jobs is closed)
//       case 1: ...  // sent r
//       case 2: ...  // ctx is done
//       case 3: ...  // nothing was ready
//   }
//
// co_await yields the position of the case that ran. Semantics are Go's (selectgo): when
// several cases are ready one is chosen uniformly at random (the runtime's random source);
// default runs only when no case is ready; a case on a nil channel is never chosen; a select
// with no case that can ever run blocks forever; exactly one case runs. A send case on a
// closed channel panics with "send on closed channel" when chosen.
//
// Make the cases inside the select(...) call, as above: a case borrows its channel for the
// duration of that one co_await (no reference counting on the hot path).
#pragma once

#include <array>
#include <coroutine>
#include <cstdint>
#include <optional>
#include <span>
#include <tuple>
#include <vector>

#include "goro/chan.hpp"

namespace goro {
namespace detail {

// One case as the type-erased select code sees it.
struct SelectCaseDesc {
    ChanBase* chan = nullptr;  // null: a nil channel (never chosen)
    void* elem = nullptr;      // send: the value; receive: storage for the value
    bool is_send = false;
    bool received = false;  // receive chosen with a value constructed in elem
};

// The select algorithm over type-erased cases (select.cpp). Storage is provided by the
// awaiter that owns it, which lives in the coroutine frame across the suspension.
class SelectOp {
  public:
    static constexpr int kWouldBlock = -2;
    static constexpr int kDefault = -1;

    SelectOp(std::span<SelectCaseDesc> cases, std::span<Waiter> waiters,
             std::span<std::uint16_t> poll_order, std::span<ChanBase*> lock_order, bool has_default)
        : m_cases(cases),
          m_waiters(waiters),
          m_poll(poll_order),
          m_locks(lock_order),
          m_has_default(has_default) {}
    SelectOp(const SelectOp&) = delete;
    ~SelectOp();

    // Pass 1: runs a ready case (index), takes default (kDefault), or returns kWouldBlock with
    // every channel locked, to be followed by park(). Looks at each case under its own
    // channel's lock first, and locks every channel only when none was ready.
    int begin();
    // Pass 2: enqueues a waiter on every channel, in poll order, parks, unlocks. The last act.
    // The GoBlock event names the channel of the first case listed (not nil).
    void park(std::coroutine_handle<> self);
    // Pass 3, after the wake-up: unlinks the other waiters; returns the case that ran.
    int finish();
    // For a select destroyed while parked (never resumed): unlinks every waiter and returns the
    // receive case a sender completed meanwhile (its value sits in the case's storage), or -1.
    int abandon() noexcept;

    std::span<const SelectCaseDesc> cases() const { return m_cases; }

  private:
    void lock_all();
    void unlock_all();
    // Runs case i if it is ready (its channel locked by the caller): then calls unlock() and
    // wakes the goroutine it completed, and returns i. Else returns kWouldBlock, still locked.
    template <class Unlock>
    int try_case_locked(G* g, std::size_t i, Unlock unlock);

    std::span<SelectCaseDesc> m_cases;
    std::span<Waiter> m_waiters;      // constructed by park(); untouched unless m_parked
    std::span<std::uint16_t> m_poll;  // the non-nil cases in random order: the first m_npoll
    std::size_t m_npoll = 0;
    std::span<ChanBase*> m_locks;
    std::size_t m_nlocks = 0;
    bool m_has_default;
    bool m_parked = false;
    SelectState m_state;
};

struct SelectCaseBase {
    SelectCaseDesc desc;
};

}  // namespace detail

template <class T>
class RecvCase : public detail::SelectCaseBase {
  public:
    // The channel is borrowed: a case lives within the co_await of its select, a full
    // expression over which the Chan it was made from stays alive.
    RecvCase(detail::ChanBase* chan, std::optional<T>* out) : m_chan(chan), m_out(out) {}
    RecvCase(RecvCase&& other) noexcept : m_chan(other.m_chan), m_out(other.m_out) {}
    ~RecvCase() {
        if (desc.received) value()->~T();
    }
    void prepare() {
        desc.chan = m_chan;
        desc.elem = m_storage;
        desc.is_send = false;
    }
    // Called once if this case ran.
    void commit() {
        if (!m_out) return;
        if (desc.received) {
            m_out->emplace(std::move(*value()));
        } else {
            m_out->reset();
        }
    }

  private:
    T* value() { return std::launder(reinterpret_cast<T*>(m_storage)); }
    detail::ChanBase* m_chan;
    std::optional<T>* m_out;
    alignas(T) unsigned char m_storage[sizeof(T)];
};

template <class T>
class SendCase : public detail::SelectCaseBase {
  public:
    // The channel is borrowed, as in RecvCase.
    SendCase(detail::ChanBase* chan, T value) : m_chan(chan), m_value(std::move(value)) {}
    SendCase(SendCase&& other) noexcept : m_chan(other.m_chan), m_value(std::move(other.m_value)) {}
    void prepare() {
        desc.chan = m_chan;
        desc.elem = &m_value;
        desc.is_send = true;
    }
    void commit() {}

  private:
    detail::ChanBase* m_chan;
    T m_value;
};

struct DefaultCase {};
inline DefaultCase default_case() {
    return {};
}

template <class T>
RecvCase<T> Chan<T>::recv_case() const {
    return RecvCase<T>(m_base, nullptr);
}
template <class T>
RecvCase<T> Chan<T>::recv_case(std::optional<T>& out) const {
    return RecvCase<T>(m_base, &out);
}
template <class T>
SendCase<T> Chan<T>::send_case(T value) const {
    return SendCase<T>(m_base, std::move(value));
}

namespace detail {

template <class C>
inline constexpr bool kIsDefault = std::is_same_v<std::decay_t<C>, DefaultCase>;

template <class... Cases>
class SelectAwaiter {
    static constexpr std::size_t kArgs = sizeof...(Cases);
    static constexpr std::size_t kDefaults = (std::size_t{kIsDefault<Cases>} + ... + 0);
    static constexpr std::size_t kN = kArgs - kDefaults;  // channel cases
    static_assert(kDefaults <= 1, "select: at most one default case");

  public:
    explicit SelectAwaiter(Cases&&... cases) : m_cases(std::move(cases)...) {}
    SelectAwaiter(const SelectAwaiter&) = delete;
    ~SelectAwaiter() {
        // Destroyed while parked: a value handed to a receive case must still be destroyed,
        // which that case's destructor does once it knows the value is there.
        if (m_op && m_chosen == SelectOp::kWouldBlock) {
            const int received = m_op->abandon();
            if (received >= 0) mark_received(received);
        }
    }

    bool await_ready() {
        std::size_t k = 0;
        std::size_t arg = 0;
        std::apply([&](auto&... c) { (bind(c, k, arg), ...); }, m_cases);
        m_op.emplace(std::span<SelectCaseDesc>(m_descs),
                     std::span<Waiter>(reinterpret_cast<Waiter*>(m_waiters), kN),
                     std::span<std::uint16_t>(m_poll), std::span<ChanBase*>(m_locks),
                     kDefaults > 0);
        m_chosen = m_op->begin();
        return m_chosen != SelectOp::kWouldBlock;
    }
    void await_suspend(std::coroutine_handle<> self) { m_op->park(self); }
    int await_resume() {
        if (m_chosen == SelectOp::kWouldBlock) m_chosen = m_op->finish();
        if (m_chosen == SelectOp::kDefault) return static_cast<int>(m_default_arg);
        commit(m_chosen);
        return static_cast<int>(m_arg_of[m_chosen]);
    }

  private:
    template <class C>
    void bind(C& c, std::size_t& k, std::size_t& arg) {
        if constexpr (kIsDefault<C>) {
            m_default_arg = arg;
        } else {
            c.prepare();
            m_descs[k] = c.desc;
            m_arg_of[k] = arg;
            ++k;
        }
        ++arg;
    }
    void commit(int chosen) {
        std::size_t k = 0;
        std::apply([&](auto&... c) { (commit_one(c, k, chosen), ...); }, m_cases);
    }
    void mark_received(int chosen) {
        std::size_t k = 0;
        std::apply([&](auto&... c) { (mark_one(c, k, chosen), ...); }, m_cases);
    }
    template <class C>
    void mark_one(C& c, std::size_t& k, int chosen) {
        if constexpr (!kIsDefault<C>) {
            if (static_cast<int>(k) == chosen) c.desc.received = true;
            ++k;
        }
    }
    template <class C>
    void commit_one(C& c, std::size_t& k, int chosen) {
        if constexpr (!kIsDefault<C>) {
            if (static_cast<int>(k) == chosen) {
                c.desc = m_descs[k];
                c.commit();
            }
            ++k;
        }
    }

    std::tuple<Cases...> m_cases;
    // Filled by await_ready before any read: left uninitialised on purpose (hot path).
    std::array<SelectCaseDesc, kN> m_descs;
    // Raw storage: SelectOp::park() constructs the waiters, only when the select blocks.
    alignas(Waiter) unsigned char m_waiters[kN == 0 ? 1 : kN * sizeof(Waiter)];
    std::array<std::uint16_t, kN> m_poll;
    std::array<ChanBase*, kN> m_locks;
    std::array<std::size_t, kN> m_arg_of;
    std::size_t m_default_arg = 0;
    std::optional<SelectOp> m_op;
    int m_chosen = SelectOp::kWouldBlock;
};

}  // namespace detail

template <class... Cases>
[[nodiscard]] detail::SelectAwaiter<std::decay_t<Cases>...> select(Cases&&... cases) {
    return detail::SelectAwaiter<std::decay_t<Cases>...>(std::forward<Cases>(cases)...);
}

}  // namespace goro
