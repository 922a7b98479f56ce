// DeterministicExecutor: one thread, Go's run queues for one processor, virtual clock, seeded
// random source.
//
// Scheduling is Go 1.19's with GOMAXPROCS=1 (runtime/proc.go), minus anything that depends on
// wall time, so the order is a function of the program and the seed alone:
// - a goroutine readied by a running goroutine (spawned, or woken by a send, a close, an
//   unlock) goes to `runnext` and runs as soon as the current one parks; the one it displaces
//   goes to the tail of the local queue. A tree of goroutines therefore runs depth-first, as in
//   Go, instead of every goroutine of a level being alive at once.
// - the local queue holds 256; when it is full, its older half moves to the global queue.
// - goroutines readied outside any goroutine (the host, timers firing) and yielding ones
//   (runtime.Gosched) go to the global queue, in order.
// - the next goroutine is, in order: the global queue's head on every 61st slice; runnext;
//   the local queue's head; a batch from the global queue (up to 128: one runs, the rest go to
//   the local queue).
// - runnext inherits the time slice of the goroutine that readied it (no slice is counted);
//   where Go's sysmon would preempt a pair bouncing through runnext after 10 ms, this
//   executor ends the streak after 32 hand-offs, as the parallel executor does.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>

#include "executor.hpp"
#include "xoshiro.hpp"

namespace goro::detail {

class RuntimeCore;

class DeterministicExecutor final : public Executor {
  public:
    DeterministicExecutor(RuntimeCore& core, std::uint64_t seed);

    void ready(G* g) noexcept override;
    void yielded(G* g) noexcept override;
    Time now() const noexcept override { return Time(m_now.load(std::memory_order_relaxed)); }
    // now(), in ns, to read without a call (RuntimeCore's lent records).
    const std::atomic<std::int64_t>& clock_ns() const noexcept { return m_now; }
    std::uint64_t random() noexcept override { return m_rng.next(); }
    RunStatus run(Time until) override;
    bool step() override;
    void pause() override { m_pause.store(true); }
    void resume() override { m_pause.store(false); }
    bool paused() const override { return m_pause.load(); }
    void wake_for_stop() override {}
    void shutdown() override {}
    void timers_changed() override {}
    void set_speed(double) override {}
    double speed() const override { return 1.0; }

  private:
    static constexpr std::uint32_t kLocalSize = 256;     // Go's len(p.runq)
    static constexpr std::uint32_t kRunnextStreak = 32;  // see the header comment
    static constexpr std::uint32_t kGlobalEvery = 61;    // Go's schedtick % 61

    // One unit of progress: run one goroutine slice, or fire the timers due next. Returns false
    // when there is nothing to do (quiescent) or the clock would pass `until`.
    bool advance(Time until);
    void fire_due();
    G* pick();  // the next goroutine to run (Go's findRunnable), or null
    bool runnable() const { return m_runnext || m_local_len || !m_global.empty(); }
    void put_local(G* g);  // Go's runqput(next=false), overflowing to the global queue
    G* pop_local();
    void put_global(G* g);
    G* pop_global();

    RuntimeCore& m_core;
    G* m_runnext = nullptr;
    std::array<G*, kLocalSize> m_local{};  // a ring: m_local_len goroutines from m_local_head
    std::uint32_t m_local_head = 0;
    std::uint32_t m_local_len = 0;
    // The global queue: pointers, not a list through the goroutines, so that moving a batch to
    // the local queue reads no goroutine (each one a likely cache miss). A deque frees its
    // blocks as they empty.
    std::deque<G*> m_global;
    std::uint32_t m_schedtick = 0;       // slices that did not inherit one (Go's schedtick)
    std::uint32_t m_runnext_streak = 0;  // runnext picks in a row
    bool m_in_slice = false;             // a goroutine is running (ready() is from it)
    std::atomic<std::int64_t> m_now{0};  // atomic only so that other threads may read now()
    std::atomic<bool> m_pause{false};
    Xoshiro256 m_rng;
};

}  // namespace goro::detail
