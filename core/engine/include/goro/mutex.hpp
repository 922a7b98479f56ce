// Mutex: Go's sync.Mutex, for goroutines. A reference type: copies share the lock.
//
// lock() parks the goroutine while another holds the mutex; unlock() hands the mutex to the
// longest waiting goroutine (FIFO, Go's starvation mode), or releases it. Unlocking an
// unlocked mutex is a fatal error, as in Go: "sync: unlock of unlocked mutex" ends the run
// (RunStatus::Fatal) and throws goro::FatalError, which no recover of a panic catches (see
// panic.hpp). A mutex is not tied to a goroutine: one may lock and another unlock, as in Go.
// Events: SyncMake when made (with its name), MutexLock and MutexUnlock.
#pragma once

#include <coroutine>
#include <memory>
#include <string>

#include "goro/detail/wait_queue.hpp"
#include "goro/runtime.hpp"

namespace goro {

namespace detail {
struct MutexState;

class MutexLockAwaiter {
  public:
    explicit MutexLockAwaiter(std::shared_ptr<MutexState> state) : m_state(std::move(state)) {}
    MutexLockAwaiter(const MutexLockAwaiter&) = delete;
    ~MutexLockAwaiter();
    bool await_ready();  // true: acquired; false: the state stays locked
    void await_suspend(std::coroutine_handle<> self);
    void await_resume() noexcept;

  private:
    std::shared_ptr<MutexState> m_state;
    Waiter m_waiter;
};
}  // namespace detail

class Mutex {
  public:
    explicit Mutex(std::string name = {});  // on the current goroutine's runtime
    Mutex(Runtime& rt, std::string name = {});

    [[nodiscard]] detail::MutexLockAwaiter lock() const {
        return detail::MutexLockAwaiter(m_state);
    }
    bool try_lock() const;
    void unlock() const;
    bool locked() const;
    ObjectId id() const;

  private:
    std::shared_ptr<detail::MutexState> m_state;
};

}  // namespace goro
