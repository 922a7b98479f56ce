// ParallelExecutor: N worker threads with work stealing, a timer thread, and a clock that is
// the wall clock scaled by a speed factor.
//
// Scheduling (after Go's runtime): each worker owns a FIFO queue and a `runnext` slot. A
// goroutine readied by a worker goes to that worker's runnext (so a sender and the receiver it
// wakes run back to back on one core); the previous occupant moves to the queue, and a queue
// that holds 256 gives its older half to the global queue (so a tree of goroutines is walked
// depth-first, as in Go, rather than having every level alive at once). Goroutines readied
// elsewhere (timer thread, host) go to the global queue. An idle worker takes, in order:
// its runnext, its queue, a batch from the global queue (its share, at most 128), half of
// another worker's queue once it has been
// non-empty for a few microseconds (so that a goroutine readied by a busy worker does not
// change cores for every item it handles), and, at the end of its spin, another worker's
// runnext (its owner is busy with a long slice). Idle workers spin briefly, then sleep; a
// ready() wakes a sleeper only when no worker is spinning.
//
// Fairness, as in Go: every 61st pick looks at the global queue first (else goroutines woken
// by timers could starve behind a ping-pong pair), and runnext inherits the time slice of the
// goroutine that readied it, so a pair bouncing through runnext yields to the local queue
// after 32 hand-offs.
//
// Quiescence: when every worker rests (asleep for want of work, or held between slices), no
// queue holds a goroutine, and either no timer is queued or firing or every goroutine has
// returned, nothing can ever run again: the runtime is told (on_quiescent(), which tells a
// deadlock from a run whose goroutines have all returned). The last worker to come to rest looks,
// under m_sleep_mu, and so does the timer thread after firing timers. No count of runnable
// goroutines is kept: one shared by every ready() and every slice's end was the parallel runtime's
// first cost.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "executor.hpp"
#include "goro/detail/spin_lock.hpp"
#include "scaled_clock.hpp"
#include "xoshiro.hpp"

namespace goro::detail {

class RuntimeCore;

class ParallelExecutor final : public Executor {
  public:
    ParallelExecutor(RuntimeCore& core, unsigned threads, std::uint64_t seed, double speed);
    ~ParallelExecutor() override;

    void ready(G* g) noexcept override;
    void yielded(G* g) noexcept override;
    Time now() const noexcept override { return m_clock.now(); }
    std::uint64_t random() noexcept override;
    RunStatus run(Time until) override;
    bool step() override;
    void pause() override;
    void resume() override;
    bool paused() const override { return m_user_paused.load(); }
    void wake_for_stop() override;
    void shutdown() override;
    void timers_changed() override;
    void set_speed(double speed) override;
    double speed() const override { return m_clock.speed(); }

  private:
    struct Worker {
        // Guards q and runnext. Held for a queue operation at a time, by the owner and the odd
        // thief: a spin lock, as a futex-backed mutex costs more than the work it guards.
        SpinLock mu;
        std::deque<G*> q;
        G* runnext = nullptr;
        // Goroutines in q (runnext not counted), written under mu, read without it by thieves:
        // the lock of a worker with nothing to steal is never taken, so spinning does not slow
        // the busy workers down.
        // On a cache line of its own: spinning thieves read it, and must not pull the owner's
        // lock and queue away from the owner's core while they do.
        alignas(64) std::atomic<std::size_t> queued{0};
        // Owner-only fairness counters (Go's schedtick and runnext's inherited time slice).
        alignas(64) std::uint32_t ticks = 0;
        std::uint32_t runnext_streak = 0;
        Xoshiro256 rng{0};
        // Owner-only, by victim index: its queue was non-empty at this thief's last look.
        std::vector<std::uint8_t> seen_queued;
        unsigned index = 0;
        std::thread thread;
    };

    void start_threads();
    void worker_loop(Worker& w);
    G* find_work(Worker& w, bool steal_runnext);
    G* take_global(Worker* into);    // into: the worker whose queue takes a batch, or null
    static void recount(Worker& w);  // w.mu held
    G* steal_from(Worker& victim, Worker& thief, bool steal_runnext);
    bool any_work();
    void wake_one();
    void sleep_until_work();
    void wait_while_held();
    void timer_loop();
    // Under m_sleep_mu: one more worker rests. True when that leaves the world at rest (see
    // "Quiescence" above). Each call pairs with a later --m_resting.
    bool come_to_rest_locked();
    bool at_rest_locked();
    void check_quiescent();  // from the timer thread, after firing
    void set_hold(bool hold);

    RuntimeCore& m_core;
    ScaledClock m_clock;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::uint64_t m_seed;

    std::mutex m_global_mu;
    std::deque<G*> m_global;
    std::atomic<std::size_t> m_global_size{0};  // hint, written under m_global_mu

    std::atomic<int> m_spinning{0};
    std::atomic<int> m_sleeping{0};  // changed under m_sleep_mu only
    int m_resting = 0;               // workers asleep or held between slices; under m_sleep_mu
    std::mutex m_sleep_mu;
    std::condition_variable m_sleep_cv;

    // Paused by the user, or held by run_until() between calls: workers start no slice.
    std::atomic<bool> m_user_paused{false};
    std::atomic<bool> m_held{false};
    std::mutex m_hold_mu;
    std::condition_variable m_hold_cv;

    std::atomic<bool> m_stop{false};
    bool m_started = false;
    std::thread m_timer_thread;
    std::mutex m_timer_mu;
    std::condition_variable m_timer_cv;
    std::atomic<std::int64_t> m_timer_sleeps_until{0};

    std::mutex m_run_mu;  // run() waits on m_run_cv for the end of the run
    std::condition_variable m_run_cv;

    std::mutex m_rng_mu;  // random() off the worker threads
    Xoshiro256 m_host_rng;
};

}  // namespace goro::detail
