// Runtime: runs goroutines. One object holds the four parts every primitive reaches through
// it: an executor, a clock, a random source and a tracer.
//
// Two kinds, chosen by RuntimeOptions::mode:
// - Deterministic: one thread (the caller of run()), Go's run queues for one processor (a new
//   or woken goroutine runs next, as with GOMAXPROCS=1: see deterministic_executor.hpp), a
//   virtual clock that jumps to the next timer when nothing can run, a seeded random source.
//   The same seed and the same program give the same event stream, byte for byte. It can run to
//   completion, run until a virtual time, run one step, and be paused.
// - Parallel: N worker threads with work stealing, and a clock that is the wall clock scaled by
//   a speed factor (speed 0.1 shows a 100 ms task in one second). Pausing stops the workers at
//   the next await point and freezes the clock.
//
// A run ends when every goroutine has returned, when the main goroutine (go_main) returns,
// when a goroutine panics, when nothing can run and no timer is pending (a deadlock), or on
// stop(). Goroutines still alive when it ends are reported in RunResult::stuck (leaks, or the
// parties of a deadlock). Destroying the runtime destroys them; it never resumes them.
//
// Thread safety: go(), pause(), resume(), stop(), set_speed(), now() and the primitives may be
// called from any thread. run(), run_until() and step() are called by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "goro/run_result.hpp"
#include "goro/task.hpp"
#include "goro/types.hpp"

namespace goro {

class Tracer;
struct Event;
namespace detail {
struct G;
class Executor;
class RuntimeCore;
}  // namespace detail

enum class Mode : std::uint8_t { Deterministic, Parallel };

struct RuntimeOptions {
    Mode mode = Mode::Deterministic;
    std::uint64_t seed = 1;    // deterministic: the random source; parallel: seeds each thread
    unsigned threads = 0;      // parallel: worker threads; 0 means one per core
    double speed = 1.0;        // parallel: clock seconds per wall-clock second
    Tracer* tracer = nullptr;  // receives every event; null: no events, no cost
};

class Runtime {
  public:
    explicit Runtime(RuntimeOptions options = {});
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    Mode mode() const;
    const RuntimeOptions& options() const;

    // Spawns a goroutine running `task` (Go's `go f()`); it becomes runnable at once.
    GoroutineId go(Task<> task, std::string_view name = {});
    // Spawns the main goroutine: when it returns the run is over, as when main returns in Go.
    GoroutineId go_main(Task<> task, std::string_view name = "main");

    RunResult run();                  // until the run ends, or pause()
    RunResult run_until(Time until);  // also stops (Paused) once the clock reaches `until`
    RunResult run_for(Duration d);    // run_until(now() + d)
    // Deterministic: runs one goroutine until it parks, or fires the timers due next when
    // nothing is runnable. Returns false once the run has ended.
    bool step();

    void pause();   // run() returns Paused (deterministic); workers idle and the clock stops
    void resume();  // (parallel) undoes pause(); deterministic: the next run() goes on
    void stop();    // ends the run with RunStatus::Stopped
    bool paused() const;

    Time now() const;
    void set_speed(double speed);  // parallel: clock seconds per wall second
    double speed() const;

    bool finished() const;
    RunResult result() const;  // the result so far (Paused while running)
    std::size_t live_goroutines() const;

    Tracer* tracer() const;
    std::uint64_t random();  // the runtime's random source

    // The runtime of the goroutine running on this thread, or null outside goroutines.
    static Runtime* current();

    detail::RuntimeCore& core() { return *m_core; }

  private:
    std::unique_ptr<detail::RuntimeCore> m_core;
};

// Go's `go f()` from inside a goroutine: spawns on the current goroutine's runtime.
GoroutineId go(Task<> task, std::string_view name = {});

// Marks the line of the Go listing the current goroutine is at; later events carry it.
void at(SiteId site);

// Adds a free-text event ("worker 3 processing job 7") from the current goroutine.
void annotate(std::string_view text);

// Reports a scenario's own metric from the current goroutine: count("denied") adds to a
// counter, observe("latency", ns) records one observation.
void count(std::string_view metric, std::int64_t delta = 1);
void observe(std::string_view metric, std::int64_t value);

// The current goroutine's id (0 outside goroutines).
GoroutineId current_goroutine_id();

// runtime.Gosched(): lets other runnable goroutines run first.
struct YieldAwaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> self) const noexcept;
    void await_resume() const noexcept {}
};
inline YieldAwaiter yield() {
    return {};
}

}  // namespace goro
