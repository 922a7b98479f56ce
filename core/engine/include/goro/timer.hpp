// Timers on the runtime's clock: Go's time.Sleep, time.After, time.Timer and time.Ticker.
//
// Timer and Ticker channels have capacity 1, as in Go 1.19: a tick that finds the previous one
// still unread is dropped, so a slow reader of a Ticker sees fewer ticks, never a backlog.
// Stop() does not drain the channel. The value sent is the instant the timer was due.
// Stop() and Reset() wait for a firing already under way on another thread, as Go's do: once
// they return, no value of the old schedule is on its way (it is in the channel, or never sent).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "goro/chan.hpp"
#include "goro/detail/timer_entry.hpp"

namespace goro {

namespace detail {
struct ChanTimer;

class SleepAwaiter final : public TimerEntry {
  public:
    explicit SleepAwaiter(Duration d) : m_duration(d) {}
    SleepAwaiter(const SleepAwaiter&) = delete;
    ~SleepAwaiter() override;
    bool await_ready() const noexcept { return m_duration.count() <= 0; }
    void await_suspend(std::coroutine_handle<> self) noexcept;
    void await_resume() const noexcept {}
    void fire(Time due) noexcept override;

  private:
    Duration m_duration;
    G* m_g = nullptr;
    RuntimeCore* m_core = nullptr;
};
}  // namespace detail

// time.Sleep(d): parks the goroutine for d on the runtime's clock. d <= 0 returns at once.
[[nodiscard]] inline detail::SleepAwaiter sleep(Duration d) {
    return detail::SleepAwaiter(d);
}

// time.After(d): a channel that receives the due instant once, d from now.
Chan<Time> after(Duration d);
Chan<Time> after(Runtime& rt, Duration d);

// time.Timer
class Timer {
  public:
    explicit Timer(Duration d);  // on the current goroutine's runtime
    Timer(Runtime& rt, Duration d);
    const Chan<Time>& c() const;  // t.C (nil for an after_func timer, as in Go)
    bool stop();                  // true if it stopped a pending timer
    bool reset(Duration d);       // true if the timer had been pending
    ObjectId id() const;

  private:
    friend Timer after_func(Runtime& rt, Duration d, std::function<Task<>()> f, std::string name);
    explicit Timer(std::shared_ptr<detail::ChanTimer> state) : m_state(std::move(state)) {}
    std::shared_ptr<detail::ChanTimer> m_state;
};

// time.AfterFunc(d, f): after d, runs f() as a new goroutine named `name` (created by the
// runtime: its GoCreate names no creator), and again after each reset(). The timer reports
// TimerSet, TimerFire and TimerStop under its own id. stop() returns true if it kept f from
// starting; it never waits for an f already started. Dropping the Timer does not stop it.
Timer after_func(Duration d, std::function<Task<>()> f, std::string name = "time.AfterFunc");
Timer after_func(Runtime& rt, Duration d, std::function<Task<>()> f,
                 std::string name = "time.AfterFunc");

// time.Ticker: sends the due instant every period; drops ticks for a slow reader.
class Ticker {
  public:
    // `name` names its channel in events and on the canvas: a scenario passes "resize.C" for
    // Go's `resize := time.NewTicker(d)`.
    explicit Ticker(Duration period, std::string name = "ticker.C");  // on this goroutine's runtime
    Ticker(Runtime& rt, Duration period, std::string name = "ticker.C");
    ~Ticker();  // stops it, as a deferred ticker.Stop() would
    Ticker(Ticker&&) noexcept = default;
    Ticker& operator=(Ticker&& other) noexcept;  // stops the ticker it replaces
    const Chan<Time>& c() const;
    void stop();
    void reset(Duration period);
    ObjectId id() const;

  private:
    std::shared_ptr<detail::ChanTimer> m_state;
};

}  // namespace goro
