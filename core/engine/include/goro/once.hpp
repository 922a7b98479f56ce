// Once: Go's sync.Once, for goroutines. A reference type: copies share the once.
//
// call(f) runs f the first time any copy's call() is made, and never again. Callers that come
// while f runs park until it returns (on the once's mutex, as Go's Do does: BlockReason::Mutex,
// "semacquire" in Go 1.19) and then return without running theirs. f counts as done however
// it ends: when it panics (or calls goexit()), the panic goes on up the first caller's goroutine,
// and later calls return at once, as Go's deferred `done = 1` makes them.
//
// f is a callable taking nothing that returns void or a Task<> (co_await'ed: f may block). A
// call() while f runs in the same goroutine deadlocks, as in Go.
//
// Events: the once's mutex (named after the once; id() is its id) reports MutexLock and
// MutexUnlock around f; a call after f has finished reports nothing.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "goro/mutex.hpp"
#include "goro/task.hpp"

namespace goro {

namespace detail {
struct OnceState {
    explicit OnceState(Mutex m) : mu(std::move(m)) {}
    // f has returned, normally or not. Set under mu; read without it on the fast path.
    std::atomic<bool> done{false};
    Mutex mu;
    void finish() {
        done.store(true, std::memory_order_release);
        mu.unlock();
    }
};

template <class F>
Task<> once_call(std::shared_ptr<OnceState> s, F f) {
    if (s->done.load(std::memory_order_acquire)) co_return;
    co_await s->mu.lock();
    if (s->done.load(std::memory_order_relaxed)) {
        s->mu.unlock();
        co_return;
    }
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
            f();
        } else {
            Task<> body = f();
            co_await body;
        }
    } catch (...) {
        s->finish();  // Go's deferred `done = 1` and `m.Unlock()` run as the panic passes
        throw;
    }
    s->finish();
}
}  // namespace detail

class Once {
  public:
    explicit Once(std::string name = "once")  // on the current goroutine's runtime
        : m_state(std::make_shared<detail::OnceState>(Mutex(std::move(name)))) {}
    Once(Runtime& rt, std::string name = "once")
        : m_state(std::make_shared<detail::OnceState>(Mutex(rt, std::move(name)))) {}

    // once.Do(f)
    template <class F>
    [[nodiscard]] Task<> call(F f) const {
        return detail::once_call(m_state, std::move(f));
    }
    bool done() const { return m_state->done.load(std::memory_order_acquire); }
    ObjectId id() const { return m_state->mu.id(); }

  private:
    std::shared_ptr<detail::OnceState> m_state;
};

}  // namespace goro
