// Cond: Go's sync.Cond, for goroutines. A reference type: copies share the condition.
//
// A Cond is made with its Locker L (a Mutex, an RWMutex, an RWMutex's rlocker(): anything with
// an awaitable lock() and an unlock()), which it shares. wait() does what Go's Wait does: it
// takes a ticket, unlocks L, parks until a signal() or broadcast() covers its ticket, then
// locks L again before it returns. Waiting without holding L is the fatal error of L's
// unlock() ("sync: unlock of unlocked mutex"), as in Go.
//
// Wake order is Go's notifyList: tickets are taken in the order wait() is called; signal()
// wakes the oldest ticket not yet woken, broadcast() every one. A ticket is taken before L is
// unlocked, so a signal sent between that unlock and the park is not lost: the waiter does not
// park. signal() and broadcast() need not hold L; with nobody waiting they do nothing.
//
// A woken waiter resumes on whichever thread runs it next, never inside signal() or
// broadcast(). A parked waiter is BlockReason::CondWait on the Cond ("sync.Cond.Wait" in Go
// 1.19's dumps); made, it reports SyncMake; each signal() and broadcast() reports a CondSignal
// event with the number of goroutines it woke.
//
// Invariants (under the state's lock): notify <= next_ticket; every queued waiter's ticket is
// in [notify, next_ticket).
#pragma once

#include <coroutine>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "goro/detail/wait_queue.hpp"
#include "goro/runtime.hpp"
#include "goro/task.hpp"

namespace goro {

namespace detail {
struct CondState;

// Go's sync.Locker behind a Cond, whatever its type.
class LockerBase {
  public:
    virtual ~LockerBase() = default;
    virtual Task<> lock() = 0;
    virtual void unlock() = 0;
};

template <class L>
class LockerOf final : public LockerBase {
  public:
    explicit LockerOf(L l) : m_l(std::move(l)) {}
    Task<> lock() override { co_await m_l.lock(); }
    void unlock() override { m_l.unlock(); }

  private:
    L m_l;
};

class CondWaitAwaiter {
  public:
    CondWaitAwaiter(std::shared_ptr<CondState> state, std::uint64_t ticket)
        : m_state(std::move(state)), m_ticket(ticket) {}
    CondWaitAwaiter(const CondWaitAwaiter&) = delete;
    ~CondWaitAwaiter();
    bool await_ready();  // true: already signalled; false: the state stays locked
    void await_suspend(std::coroutine_handle<> self);
    void await_resume() noexcept {}

  private:
    std::shared_ptr<CondState> m_state;
    std::uint64_t m_ticket;
    Waiter m_waiter;
};

// The current goroutine's runtime; throws std::logic_error outside goroutines.
Runtime& runtime_here();
std::shared_ptr<CondState> make_cond_state(Runtime& rt, std::unique_ptr<LockerBase> locker,
                                           std::string name);
Task<> cond_wait(std::shared_ptr<CondState> state);
}  // namespace detail

// Go's sync.Locker: lock() is awaitable, unlock() is not.
template <class L>
concept Locker = !std::is_same_v<std::decay_t<L>, class Cond> && requires(const L& l) {
    l.lock();
    l.unlock();
};

class Cond {
  public:
    // sync.NewCond(l), on the current goroutine's runtime or on `rt`.
    template <Locker L>
    explicit Cond(L l, std::string name = {})
        : Cond(detail::runtime_here(), std::move(l), std::move(name)) {}
    template <Locker L>
    Cond(Runtime& rt, L l, std::string name = {})
        : m_state(detail::make_cond_state(rt, std::make_unique<detail::LockerOf<L>>(std::move(l)),
                                          std::move(name))) {}

    // c.Wait(): co_await it holding L; it returns holding L again.
    [[nodiscard]] Task<> wait() const { return detail::cond_wait(m_state); }
    void signal() const;
    void broadcast() const;
    int waiters() const;  // goroutines parked in wait()
    ObjectId id() const;

  private:
    std::shared_ptr<detail::CondState> m_state;
};

}  // namespace goro
