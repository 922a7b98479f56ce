// Executor: the scheduling part of a runtime (ready queues, clock, random source, timers).
#pragma once

#include <cstdint>

#include "goro/runtime.hpp"
#include "timer_queue.hpp"

namespace goro::detail {

struct G;

class Executor {
  public:
    virtual ~Executor() = default;

    // g becomes runnable. Any thread; never blocks on goroutines.
    virtual void ready(G* g) noexcept = 0;
    // g gave up the processor (runtime.Gosched): runnable, but behind the others.
    virtual void yielded(G* g) noexcept { ready(g); }
    virtual Time now() const noexcept = 0;
    virtual std::uint64_t random() noexcept = 0;

    // Runs until the run ends, pause() is requested or the clock reaches `until`.
    virtual RunStatus run(Time until) = 0;
    virtual bool step() = 0;
    virtual void pause() = 0;
    virtual void resume() = 0;
    virtual bool paused() const = 0;
    // The run has ended (RuntimeCore::finish): stop running goroutines as soon as possible.
    virtual void wake_for_stop() = 0;
    // Stops and joins every thread the executor started. Called once, before destruction.
    virtual void shutdown() = 0;
    // A timer was armed: wake whoever waits for the earliest one.
    virtual void timers_changed() = 0;
    virtual void set_speed(double speed) = 0;
    virtual double speed() const = 0;

    TimerQueue& timers() { return m_timers; }

  protected:
    TimerQueue m_timers;
};

}  // namespace goro::detail
