// RWMutex: Go's sync.RWMutex, for goroutines. A reference type: copies share the lock.
//
// Any number of readers (rlock) or one writer (lock) hold it. Writers come first, as in Go:
// once a writer has called lock(), new readers wait even while others still read, so a stream
// of readers cannot starve a writer. The writer waits for the readers already in to leave; the
// last one's runlock() hands it the lock. unlock() lets every reader that waited in, then hands
// the writer side to the longest waiting writer (FIFO), which waits in turn for those readers.
//
// Unlocking what is not held is a fatal error, as Mutex's is (see mutex.hpp): unlock() of an
// RWMutex no writer holds ends the run with "sync: Unlock of unlocked RWMutex", runlock() with
// no reader in it with "sync: RUnlock of unlocked RWMutex" (RunStatus::Fatal, goro::FatalError).
// Go 1.19 detects the latter only when no reader waits either (otherwise its counters go wrong
// silently); here it is always fatal. Like Mutex, a lock is not tied to a goroutine.
//
// Waiters resume on whichever thread runs them next, never inside the call that woke them.
// Events: SyncMake when made; a reader's RWMutexRLock and RWMutexRUnlock; the writer's
// MutexLock and MutexUnlock. A goroutine parks with BlockReason::RWMutexRLock or RWMutexLock
// ("semacquire" in Go 1.19).
//
// Invariants (under the state's lock):
// - writer_holds implies writer_in and readers == 0.
// - draining (the writer waiting for readers to leave) implies writer_in, !writer_holds and
//   readers > 0.
// - While !writer_in no reader and no writer waits.
#pragma once

#include <coroutine>
#include <memory>
#include <string>
#include <utility>

#include "goro/detail/wait_queue.hpp"
#include "goro/runtime.hpp"

namespace goro {

class ReadLocker;

namespace detail {
struct RWMutexState;

class RWMutexRLockAwaiter {
  public:
    explicit RWMutexRLockAwaiter(std::shared_ptr<RWMutexState> state) : m_state(std::move(state)) {}
    RWMutexRLockAwaiter(const RWMutexRLockAwaiter&) = delete;
    ~RWMutexRLockAwaiter();
    bool await_ready();  // true: reading; false: the state stays locked
    void await_suspend(std::coroutine_handle<> self);
    void await_resume() noexcept {}  // the writer's unlock() let it in

  private:
    std::shared_ptr<RWMutexState> m_state;
    Waiter m_waiter;
};

class RWMutexLockAwaiter {
  public:
    explicit RWMutexLockAwaiter(std::shared_ptr<RWMutexState> state) : m_state(std::move(state)) {}
    RWMutexLockAwaiter(const RWMutexLockAwaiter&) = delete;
    ~RWMutexLockAwaiter();
    bool await_ready();  // true: writing; false: the state stays locked
    void await_suspend(std::coroutine_handle<> self);
    void await_resume() noexcept {}  // handed over by the last reader or the previous writer

  private:
    std::shared_ptr<RWMutexState> m_state;
    Waiter m_waiter;
    bool m_draining = false;  // await_ready made it the writer in: it parks on the readers
};
}  // namespace detail

class RWMutex {
  public:
    explicit RWMutex(std::string name = {});  // on the current goroutine's runtime
    RWMutex(Runtime& rt, std::string name = {});

    [[nodiscard]] detail::RWMutexRLockAwaiter rlock() const {
        return detail::RWMutexRLockAwaiter(m_state);
    }
    bool try_rlock() const;
    void runlock() const;

    [[nodiscard]] detail::RWMutexLockAwaiter lock() const {
        return detail::RWMutexLockAwaiter(m_state);
    }
    bool try_lock() const;
    void unlock() const;

    int readers() const;        // goroutines holding a read lock
    bool write_locked() const;  // a writer holds it
    ObjectId id() const;

    // rw.RLocker(): a Locker whose lock() and unlock() are this RWMutex's rlock() and runlock()
    // (for a Cond whose waiters read).
    ReadLocker rlocker() const;

  private:
    std::shared_ptr<detail::RWMutexState> m_state;
};

class ReadLocker {
  public:
    explicit ReadLocker(RWMutex rw) : m_rw(std::move(rw)) {}
    [[nodiscard]] detail::RWMutexRLockAwaiter lock() const { return m_rw.rlock(); }
    void unlock() const { m_rw.runlock(); }

  private:
    RWMutex m_rw;
};

inline ReadLocker RWMutex::rlocker() const {
    return ReadLocker(*this);
}

}  // namespace goro
