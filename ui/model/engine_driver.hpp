// EngineDriver: runs one scenario on a goro::Runtime on a thread of its own, so that the engine
// never waits for the window and the window never waits for the engine.
//
// Deterministic mode: the engine thread advances the virtual clock in small slices paced by the
// wall clock times the speed (at 2x, one wall second runs two virtual seconds). It can also run
// exactly one step (one goroutine until it parks, or the next timers) while paused, and jump
// straight to a virtual time (fast_forward) for screenshots and tests.
// Parallel mode: the engine thread calls Runtime::run() once on the first play(); the runtime's
// worker threads do the work, pause() and resume() stop and restart them at await points and
// the scaled clock stops with them. step() and fast_forward() are deterministic only.
//
// hold(true) stops the clock the same way pause() does, without changing what play() means:
// the window holds the engine while it is far behind in folding events (memory stays bounded;
// the engine's semantics do not change, only how fast its clock runs).
//
// The engine's threads run at a lower priority than the window's (kEngineNice, inherited by the
// parallel runtime's workers), so that on a busy machine the picture keeps its frames. Not
// lower: at nice +10 a thread waking from a short sleep waits for a CPU hog's whole slice, and
// beside `stress-ng --cpu 2` the engine then published in bursts, leaving the picture without
// a new frame for up to 120 ms; at +5 the gaps stay under 65 ms (bench/README.md, "Soak").
//
// Thread safety: every member function may be called from any one thread (the window's); the
// destructor stops the run and joins the engine thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "goro/runtime.hpp"

namespace gorama {
class Params;
class Scenario;
}  // namespace gorama

namespace gorama::ui {

// The engine's threads' nice value (a lower priority than the window's 0).
inline constexpr int kEngineNice = 5;

struct DriverOptions {
    goro::Mode mode = goro::Mode::Deterministic;
    std::uint64_t seed = 1;
    double speed = 1.0;    // clock seconds per wall second
    unsigned threads = 0;  // parallel: 0 means one per core
};

class EngineDriver {
  public:
    // Starts the scenario on a new runtime that reports to `tracer` (which must outlive the
    // driver). The run starts paused.
    EngineDriver(const Scenario& scenario, std::shared_ptr<const Params> params,
                 const DriverOptions& options, goro::Tracer& tracer);
    ~EngineDriver();
    EngineDriver(const EngineDriver&) = delete;
    EngineDriver& operator=(const EngineDriver&) = delete;

    void play();
    void pause();
    bool playing() const;
    // Deterministic and paused: runs one step on the engine thread. Returns false if stepping
    // is not possible (parallel mode, playing, or the run has ended).
    bool step();
    // Deterministic: runs (without pacing) until the clock reaches `t` or the run ends, then
    // pauses. Returns false in parallel mode.
    bool fast_forward(goro::Time t);
    void set_speed(double speed);
    double speed() const;
    void hold(bool on);
    bool held() const;

    goro::Mode mode() const { return m_options.mode; }
    unsigned threads() const { return m_options.threads; }  // as asked; 0: one per core
    goro::Time now() const;
    bool finished() const;
    goro::RunResult result() const;
    // True while the engine thread has work in hand (a step or a fast-forward not yet done).
    bool busy() const;

  private:
    void run_deterministic();
    void run_parallel();
    bool clock_should_run() const;  // m_mutex held

    DriverOptions m_options;
    std::unique_ptr<goro::Runtime> m_runtime;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_playing = false;
    bool m_held = false;
    bool m_quit = false;
    int m_steps = 0;              // steps requested, not yet run
    goro::Time m_forward_to{-1};  // fast_forward target, -1: none
    bool m_working = false;       // a step or fast-forward is running
    bool m_started = false;       // parallel: run() has been called
    std::thread m_thread;
};

}  // namespace gorama::ui
