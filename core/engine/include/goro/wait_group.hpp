// WaitGroup: Go's sync.WaitGroup. A reference type: copies share the counter, so a copy can
// be handed to each goroutine (as a *sync.WaitGroup would be in Go).
//
// add() with a counter that would go negative panics with "sync: negative WaitGroup counter".
// When the counter reaches zero every goroutine in wait() becomes runnable.
#pragma once

#include <coroutine>
#include <memory>
#include <string>

#include "goro/detail/wait_queue.hpp"
#include "goro/runtime.hpp"

namespace goro {

namespace detail {
struct WaitGroupState;

class WaitGroupAwaiter {
  public:
    explicit WaitGroupAwaiter(std::shared_ptr<WaitGroupState> state) : m_state(std::move(state)) {}
    WaitGroupAwaiter(const WaitGroupAwaiter&) = delete;
    ~WaitGroupAwaiter();
    bool await_ready();  // true: the counter is zero; false: the state stays locked
    void await_suspend(std::coroutine_handle<> self);
    void await_resume() noexcept;

  private:
    std::shared_ptr<WaitGroupState> m_state;
    Waiter m_waiter;
};
}  // namespace detail

class WaitGroup {
  public:
    explicit WaitGroup(std::string name = {});  // on the current goroutine's runtime
    WaitGroup(Runtime& rt, std::string name = {});

    void add(int delta);
    void done() { add(-1); }
    [[nodiscard]] detail::WaitGroupAwaiter wait() const {
        return detail::WaitGroupAwaiter(m_state);
    }
    int counter() const;
    ObjectId id() const;

  private:
    std::shared_ptr<detail::WaitGroupState> m_state;
};

}  // namespace goro
