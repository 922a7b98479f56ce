#include "goro/timer.hpp"

#include <mutex>
#include <thread>

#include "goro/panic.hpp"

#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro {
namespace detail {

SleepAwaiter::~SleepAwaiter() {
    if (m_core && heap_index >= 0) disarm_timer(*m_core, *this);  // destroyed while asleep
}

void SleepAwaiter::await_suspend(std::coroutine_handle<> self) noexcept {
    m_g = current_g();
    m_core = &core_of(m_g);
    const Time due = now(*m_core) + m_duration;
    m_core->record_event(EventKind::TimerSet, m_g, 0, 0, due.count(), 0);
    prepare_park(m_g, self, BlockReason::Sleep, 0, nullptr);
    RuntimeCore& core = *m_core;
    arm_timer(core, *this, due, nullptr);  // publishes: the last act
}

void SleepAwaiter::fire(Time) noexcept {
    make_ready(m_g, nullptr);
}

// after_func's goroutine: runs a copy of f, which lives in this frame until f's task has
// returned. f may be a coroutine lambda whose captures its task reads; the timer, and its f,
// can be gone by then (a dropped Timer that has fired), as Go's closure never is.
Task<> run_func(std::function<Task<>()> f) {
    co_await f();
}

// The state of a Timer, a Ticker or an after(): a queue entry that sends into its channel; or of
// an after_func(): one that starts a goroutine, with no channel.
struct ChanTimer final : TimerEntry, std::enable_shared_from_this<ChanTimer> {
    ChanTimer(RuntimeCore& core_, Duration period_, std::string name)
        : core(core_),
          ch(make_chan<Time>(core_.owner, 1, std::move(name))),
          period(period_),
          id(ch.id()) {}
    ChanTimer(RuntimeCore& core_, std::function<Task<>()> func_, std::string name)
        : core(core_),
          period(0),
          id(new_object_id(core_)),
          func(std::move(func_)),
          func_name(std::move(name)) {}

    void arm_in(Duration d) {
        std::lock_guard lock(mu);
        arm_locked(d);
    }

    void arm_locked(Duration d) {
        stopped = false;
        armed = true;
        const Time due = now(core) + (d.count() > 0 ? d : Duration(0));
        core.record_event(EventKind::TimerSet, current_g(), id, 0, due.count(), period.count());
        arm_timer(core, *this, due, shared_from_this());
    }

    void fire(Time due) noexcept override {
        core.record_event(EventKind::TimerFire, nullptr, id, 0, due.count(), 0);
        if (func) {
            core.spawn(run_func(func), func_name, false);  // Go's goFunc: `go f()`
            std::lock_guard lock(mu);
            armed = false;
            return;
        }
        // A non-blocking send: a tick the reader has not taken yet makes this one drop.
        Time value = due;
        ChanBase* c = ch.base();
        if (c->begin_send(nullptr, &value) == ChanBase::Outcome::WouldBlock) c->cancel_locked();
        std::lock_guard lock(mu);
        if (period.count() > 0 && !stopped) {
            // As Go's ticker: when firing ran late by more than a period, the missed
            // ticks are skipped, never queued behind (a slow reader gets the latest).
            Time next = due + period;
            const Time current = now(core);
            if (next <= current) next = due + period * ((current - due) / period + 1);
            arm_timer(core, *this, next, shared_from_this());
        } else {
            armed = false;  // the send above is done: settle() may return
        }
    }

    // Takes the timer out of the queue (mu held through `lock`); true if it was pending.
    // When the timer thread has already taken it out to fire it, waits for that fire() to
    // finish, as Go's Stop and Reset wait for a timer that is running: once this returns, the
    // value of that firing is in the channel, never on its way. (Deterministic runtime: fires
    // run on the runner thread between goroutine slices, so there is never anything to wait
    // for. A finished runtime fires nothing more and its queue may have been cleared.)
    bool settle(std::unique_lock<std::mutex>& lock) {
        for (;;) {
            if (disarm_timer(core, *this)) {
                armed = false;
                return true;
            }
            if (!armed || core.finished()) {
                armed = false;
                return false;
            }
            lock.unlock();
            std::this_thread::yield();
            lock.lock();
        }
    }

    bool stop() {
        bool was;
        {
            std::unique_lock lock(mu);
            stopped = true;
            was = settle(lock);
        }
        core.record_event(EventKind::TimerStop, current_g(), id, 0, was ? 1 : 0, 0);
        return was;
    }

    bool reset(Duration d) {
        std::unique_lock lock(mu);
        const bool was = settle(lock);
        arm_locked(d);
        return was;
    }

    RuntimeCore& core;
    Chan<Time> ch;
    Duration period;  // 0 for a one-shot timer; changed only while disarmed under mu
    ObjectId id;
    std::mutex mu;  // orders fire()'s re-arming and settling against stop() and reset()
    bool stopped = false;
    bool armed = false;  // queued, or taken out of the queue by a fire() not finished yet
    const std::function<Task<>()> func;  // after_func: the goroutine to start; else empty
    const std::string func_name;
};

namespace {
RuntimeCore& core_here() {
    return current_core();
}
}  // namespace

}  // namespace detail

Chan<Time> after(Runtime& rt, Duration d) {
    auto t = std::make_shared<detail::ChanTimer>(rt.core(), Duration(0), "time.After");
    t->arm_in(d);
    return t->ch;
}
Chan<Time> after(Duration d) {
    return after(detail::core_here().owner, d);
}

Timer::Timer(Duration d) : Timer(detail::core_here().owner, d) {
}
Timer::Timer(Runtime& rt, Duration d)
    : m_state(std::make_shared<detail::ChanTimer>(rt.core(), Duration(0), "timer.C")) {
    m_state->arm_in(d);
}
const Chan<Time>& Timer::c() const {
    return m_state->ch;
}
bool Timer::stop() {
    return m_state->stop();
}
bool Timer::reset(Duration d) {
    return m_state->reset(d);
}
ObjectId Timer::id() const {
    return m_state->id;
}

Timer after_func(Runtime& rt, Duration d, std::function<Task<>()> f, std::string name) {
    auto t = std::make_shared<detail::ChanTimer>(rt.core(), std::move(f), std::move(name));
    t->arm_in(d);
    return Timer(std::move(t));
}
Timer after_func(Duration d, std::function<Task<>()> f, std::string name) {
    return after_func(detail::core_here().owner, d, std::move(f), std::move(name));
}

Ticker::Ticker(Duration period, std::string name)
    : Ticker(detail::core_here().owner, period, std::move(name)) {
}
Ticker::Ticker(Runtime& rt, Duration period, std::string name) {
    if (period.count() <= 0) panic("non-positive interval for NewTicker");
    m_state = std::make_shared<detail::ChanTimer>(rt.core(), period, std::move(name));
    m_state->arm_in(period);
}
Ticker::~Ticker() {
    if (m_state) m_state->stop();
}
Ticker& Ticker::operator=(Ticker&& other) noexcept {
    if (this != &other) {
        if (m_state) m_state->stop();
        m_state = std::move(other.m_state);
    }
    return *this;
}
const Chan<Time>& Ticker::c() const {
    return m_state->ch;
}
void Ticker::stop() {
    m_state->stop();
}
void Ticker::reset(Duration period) {
    if (period.count() <= 0) panic("non-positive interval for Ticker.Reset");
    m_state->stop();
    {
        std::lock_guard lock(m_state->mu);
        m_state->period = period;
    }
    m_state->arm_in(period);
}
ObjectId Ticker::id() const {
    return m_state->id;
}

}  // namespace goro
