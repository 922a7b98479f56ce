// Timers: time.Sleep, time.After, time.Timer and time.Ticker on the runtime's clock.
//
// On the deterministic runtime the clock is virtual, so exact instants are asserted; on the
// parallel runtime (wall clock x speed) only order and outcomes are. Cases marked "Go 1.19"
// were run against Go 1.19 (time.Sleep, time.NewTimer, time.NewTicker) to check the expected
// behaviour.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/goro.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

// ---------------------------------------------------------------------------------------------
// time.Sleep

Task<> sleep_then_log(LogPtr log, std::string label, Duration d) {
    co_await goro::sleep(d);
    log->add(std::move(label), now());
}

TEST(Sleep, ShorterSleeperWakesFirstWhateverTheStartOrder) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto log = std::make_shared<Log>();
    rt.go(sleep_then_log(log, "2ns", 2ns), "slow");  // started first
    rt.go(sleep_then_log(log, "1ns", 1ns), "fast");
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_EQ(log->entries, (Entries{{"1ns", 1ns}, {"2ns", 2ns}}));
    EXPECT_EQ(r.time, 2ns);
}

Task<> zero_sleeps(LogPtr log) {
    co_await goro::sleep(0s);
    log->add("after sleep(0)", now());
    co_await goro::sleep(-5s);
    log->add("after sleep(-5s)", now());
}

TEST(Sleep, ZeroAndNegativeReturnAtOnceWithoutParking) {
    // Go 1.19: time.Sleep(0) and time.Sleep(-5) return at once.
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto log = std::make_shared<Log>();
    rt.go(zero_sleeps(log), "sleeper");
    rt.go(sleep_then_log(log, "other", 0s), "other");  // runs only once the sleeper is done
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(log->entries,
              (Entries{{"after sleep(0)", 0ns}, {"after sleep(-5s)", 0ns}, {"other", 0ns}}));
    for (const goro::Event& e : rec.events()) {
        EXPECT_NE(e.kind, EventKind::GoBlock);
        EXPECT_NE(e.kind, EventKind::TimerSet);
    }
}

Task<> sleep_all(LogPtr log, std::vector<Duration> ds) {
    for (Duration d : ds) {
        co_await goro::sleep(d);
        log->add("woke", now());
    }
}

TEST(Sleep, ClockAfterSuccessiveSleepsIsExactlyTheirSum) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto log = std::make_shared<Log>();
    rt.go(sleep_all(log, {1ns, 3ms, 2s, 7min}), "sleeper");
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_EQ(log->entries, (Entries{{"woke", 1ns},
                                     {"woke", 1ns + 3ms},
                                     {"woke", 1ns + 3ms + 2s},
                                     {"woke", 1ns + 3ms + 2s + 7min}}));
    EXPECT_EQ(r.time, 1ns + 3ms + 2s + 7min);
    EXPECT_EQ(rt.now(), 1ns + 3ms + 2s + 7min);
}

// ---------------------------------------------------------------------------------------------
// time.After

Task<> after_once(LogPtr log) {
    co_await goro::sleep(2s);
    Chan<Time> ch = goro::after(3s);
    log->add("cap", Time(ch.cap()));
    std::optional<Time> v = co_await ch.recv();
    log->add("value", v.value_or(Time(-1)));
    log->add("received at", now());
    // Nothing else ever comes: an hour-long timeout wins.
    Chan<Time> timeout = goro::after(1h);
    auto sel = goro::select(ch.recv_case(), timeout.recv_case());
    const int which = co_await sel;
    log->add(which == 1 ? "timeout" : "second value", now());
}

TEST(After, DeliversTheDueInstantOnceExactlyAtTheDeadline) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto log = std::make_shared<Log>();
    rt.go(after_once(log), "waiter");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(
        log->entries,
        (Entries{{"cap", Time(1)}, {"value", 5s}, {"received at", 5s}, {"timeout", 5s + 1h}}));
}

// A select that did not need its timeout, then a long sleep.
Task<> select_without_timeout(std::shared_ptr<goro::ObjectId> timeout_id) {
    auto ready = goro::make_chan<int>(1, "ready");
    co_await ready.send(1);
    Chan<Time> timeout = goro::after(1s);
    *timeout_id = timeout.id();
    co_await goro::select(ready.recv_case(), timeout.recv_case());
    timeout = Chan<Time>();  // nothing in the goroutine refers to it any more
    co_await goro::sleep(5s);
}

TEST(After, AnUnreadTimeoutIsReachableUntilItFiresAsInGo) {
    // Until Go 1.23 a timer that has not fired is not collected: its channel lives until the
    // due instant, and goes with the value it then holds, unread.
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto id = std::make_shared<goro::ObjectId>(0);
    rt.go(select_without_timeout(id), "client");
    ASSERT_EQ(rt.run().status, RunStatus::Completed);
    const auto gone = events_of(rec, EventKind::ChanUnreachable, *id);
    ASSERT_EQ(gone.size(), 1U);
    EXPECT_EQ(gone[0].time, Time(1s).count());
    EXPECT_EQ(gone[0].g, 0U);                             // released by the timer, as it fired
    EXPECT_EQ(goro::as_chan_length(gone[0])->length, 1);  // the due instant, unread
}

Task<> after_negative(LogPtr log) {
    co_await goro::sleep(1s);
    Chan<Time> ch = goro::after(-1s);
    std::optional<Time> v = co_await ch.recv();
    log->add("value", v.value_or(Time(-1)));
    log->add("received at", now());
}

TEST(After, NonPositiveDurationFiresAtTheCurrentInstant) {
    EXPECT_EQ(logged_run(after_negative, "waiter"), (Entries{{"value", 1s}, {"received at", 1s}}));
}

// ---------------------------------------------------------------------------------------------
// time.Timer (each case checked against Go 1.19)

Task<> stop_pending(LogPtr log) {
    goro::Timer t(5s);
    co_await goro::sleep(1s);
    log->add(t.stop() ? "stop: true" : "stop: false", now());
    log->add(t.stop() ? "stop again: true" : "stop again: false", now());
    Chan<Time> timeout = goro::after(10s);
    auto sel = goro::select(t.c().recv_case(), timeout.recv_case());
    const int which = co_await sel;
    log->add(which == 1 ? "nothing delivered" : "delivered", now());
}

TEST(Timer, StopBeforeFiringReturnsTrueAndNothingIsDelivered) {
    goro::Recorder rec;
    EXPECT_EQ(logged_run(stop_pending, "stopper", &rec),
              (Entries{{"stop: true", 1s}, {"stop again: false", 1s}, {"nothing delivered", 11s}}));
    std::vector<bool> stopped_pending;
    for (const goro::Event& e : rec.events()) {
        if (const auto stop = goro::as_timer_stop(e))
            stopped_pending.push_back(stop->stopped_pending);
    }
    EXPECT_EQ(stopped_pending, (std::vector<bool>{true, false}));
}

Task<> stop_fired(LogPtr log) {
    goro::Timer t(1s);
    co_await goro::sleep(2s);
    log->add(t.stop() ? "stop: true" : "stop: false", now());
    // Stop does not drain the channel: the value sent at 1 s is still there.
    log->add("len", Time(t.c().len()));
    std::optional<Time> v = co_await t.c().recv();
    log->add("value", v.value_or(Time(-1)));
}

TEST(Timer, StopAfterFiringReturnsFalseAndLeavesTheValueInTheChannel) {
    EXPECT_EQ(logged_run(stop_fired, "stopper"),
              (Entries{{"stop: false", 2s}, {"len", Time(1)}, {"value", 1s}}));
}

Task<> reset_timer(LogPtr log) {
    goro::Timer t(5s);
    co_await goro::sleep(1s);
    log->add(t.reset(10s) ? "reset pending: true" : "reset pending: false", now());
    std::optional<Time> v = co_await t.c().recv();
    log->add("fired", v.value_or(Time(-1)));
    log->add("received at", now());
    log->add(t.reset(2s) ? "reset fired: true" : "reset fired: false", now());
    v = co_await t.c().recv();
    log->add("fired", v.value_or(Time(-1)));
    t.stop();
    log->add(t.reset(1s) ? "reset stopped: true" : "reset stopped: false", now());
    v = co_await t.c().recv();
    log->add("fired", v.value_or(Time(-1)));
}

TEST(Timer, ResetReschedulesAndReportsWhetherTheTimerWasPending) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto log = std::make_shared<Log>();
    rt.go(reset_timer(log), "resetter");
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_EQ(log->entries, (Entries{{"reset pending: true", 1s},
                                     {"fired", 11s},  // 1 s + 10 s, not the original 5 s
                                     {"received at", 11s},
                                     {"reset fired: false", 11s},
                                     {"fired", 13s},
                                     {"reset stopped: false", 13s},
                                     {"fired", 14s}}));
    EXPECT_EQ(r.time, 14s);
}

// ---------------------------------------------------------------------------------------------
// time.Ticker

Task<> read_ticks(LogPtr log, Duration period, int n) {
    goro::Ticker tk(period);
    for (int i = 0; i < n; ++i) {
        std::optional<Time> v = co_await tk.c().recv();
        log->add("tick", v.value_or(Time(-1)));
        log->add("at", now());
    }
}

TEST(Ticker, TicksAtEachMultipleOfThePeriod) {
    EXPECT_EQ(logged_run([](LogPtr log) { return read_ticks(log, 250ms, 4); }, "reader"),
              (Entries{{"tick", 250ms},
                       {"at", 250ms},
                       {"tick", 500ms},
                       {"at", 500ms},
                       {"tick", 750ms},
                       {"at", 750ms},
                       {"tick", 1000ms},
                       {"at", 1000ms}}));
}

struct SlowReader {
    std::vector<Time> values;
    std::vector<std::size_t> lens;  // the channel's length right after each read
    goro::ObjectId chan = 0;
    goro::ObjectId ticker = 0;
};

Task<> slow_reader(std::shared_ptr<SlowReader> out, Duration period) {
    goro::Ticker tk(period);
    out->chan = tk.c().id();
    out->ticker = tk.id();
    while (now() < 10 * period) {
        std::optional<Time> v = co_await tk.c().recv();
        out->values.push_back(v.value_or(Time(-1)));
        out->lens.push_back(tk.c().len());
        co_await goro::sleep(period * 7 / 2);
    }
}

TEST(Ticker, SlowReaderSeesDroppedTicksNeverABacklog) {
    // Go 1.19, period 100 ms, reader sleeping 3.5 periods: reads at 1, 4.5, 8 periods the
    // ticks of 1, 2 and 5 periods (Go sends time.Now(), within a millisecond of these).
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto out = std::make_shared<SlowReader>();
    const Duration period = 1s;
    rt.go(slow_reader(out, period), "slow reader");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(out->values, (std::vector<Time>{1s, 2s, 5s}));
    EXPECT_LT(out->values.size(), 10U);
    for (Time v : out->values)
        EXPECT_EQ(v % period, 0ns);
    EXPECT_EQ(out->lens, (std::vector<std::size_t>{0, 0, 0}));
    // The reader stopped (~Ticker) at 11.5 periods: fired at 1..11 periods, but only the ticks
    // of 1 (handed to the parked reader), 2, 5 and 9 periods entered the channel.
    const auto fires = events_of(rec, EventKind::TimerFire, out->ticker);
    ASSERT_EQ(fires.size(), 11U);
    for (std::size_t i = 0; i < fires.size(); ++i) {
        EXPECT_EQ(goro::as_timer_fire(fires[i])->due, Time(period * static_cast<int>(i + 1)));
    }
    const auto sends = events_of(rec, EventKind::ChanSend, out->chan);
    std::vector<std::int64_t> sent_at;
    for (const goro::Event& e : sends) {
        sent_at.push_back(e.time);
        EXPECT_LE(goro::as_send(e)->length_after, 1);  // the buffer never holds more than one tick
    }
    EXPECT_EQ(sent_at, (std::vector<std::int64_t>{Time(1s).count(), Time(2s).count(),
                                                  Time(5s).count(), Time(9s).count()}));
}

Task<> stop_ticker(LogPtr log) {
    goro::Ticker tk(1s);
    std::optional<Time> v = co_await tk.c().recv();
    log->add("tick", v.value_or(Time(-1)));
    co_await goro::sleep(1500ms);  // the 2 s tick waits in the channel
    tk.stop();
    co_await goro::sleep(10s);
    log->add("len", Time(tk.c().len()));
    goro::TryRecv<Time> first = tk.c().try_recv();
    log->add("buffered", first.value.value_or(Time(-1)));
    goro::TryRecv<Time> second = tk.c().try_recv();
    log->add(second.received() ? "another tick" : "no more ticks", now());
}

TEST(Ticker, StopEndsTheTicksButKeepsTheOneAlreadyBuffered) {
    // Go 1.19: after Stop, len(C) is 1 and the buffered tick can still be read, then nothing.
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto log = std::make_shared<Log>();
    rt.go(stop_ticker(log), "stopper");
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_EQ(
        log->entries,
        (Entries{{"tick", 1s}, {"len", Time(1)}, {"buffered", 2s}, {"no more ticks", 12500ms}}));
    int fires = 0;
    for (const goro::Event& e : rec.events())
        fires += e.kind == EventKind::TimerFire ? 1 : 0;
    EXPECT_EQ(fires, 2);
    EXPECT_EQ(r.time, 12500ms);
}

Task<> reset_ticker(LogPtr log) {
    goro::Ticker tk(1s);
    co_await tk.c().recv();
    tk.reset(3s);
    for (int i = 0; i < 2; ++i) {
        std::optional<Time> v = co_await tk.c().recv();
        log->add("tick", v.value_or(Time(-1)));
    }
}

TEST(Ticker, ResetChangesThePeriodFromNow) {
    // Go 1.19: a ticker of 1 period reset to 3 periods after its first tick ticks at 4 and 7.
    EXPECT_EQ(logged_run(reset_ticker, "resetter"), (Entries{{"tick", 4s}, {"tick", 7s}}));
}

Task<> make_ticker(Duration period) {
    goro::Ticker tk(period);
    co_await tk.c().recv();
}

Task<> reset_ticker_to(Duration period) {
    goro::Ticker tk(1s);
    tk.reset(period);
    co_await tk.c().recv();
}

class NonPositivePeriod : public ::testing::TestWithParam<Duration> {};
INSTANTIATE_TEST_SUITE_P(Ticker, NonPositivePeriod, ::testing::Values(0ns, -1ns, -1h));

TEST_P(NonPositivePeriod, NewTickerPanicsWithGosWords) {
    goro::Runtime rt(options(Mode::Deterministic));
    rt.go(make_ticker(GetParam()), "maker");
    const goro::RunResult r = rt.run();
    EXPECT_TRUE(panicked_with(r, "non-positive interval for NewTicker", "maker"));  // Go 1.19
}

TEST_P(NonPositivePeriod, TickerResetPanicsWithGosWords) {
    goro::Runtime rt(options(Mode::Deterministic));
    rt.go(reset_ticker_to(GetParam()), "resetter");
    const goro::RunResult r = rt.run();
    EXPECT_TRUE(panicked_with(r, "non-positive interval for Ticker.Reset"));  // Go 1.19
}

Task<> replace_ticker(LogPtr log) {
    goro::Ticker tk(1s);
    tk = goro::Ticker(10s);  // the 1 s ticker is stopped with the old value, as ~Ticker does
    std::optional<Time> v = co_await tk.c().recv();
    log->add("tick", v.value_or(Time(-1)));
}

TEST(Ticker, AssigningOverATickerStopsTheOldOne) {
    goro::Recorder rec;
    EXPECT_EQ(logged_run(replace_ticker, "replacer", &rec), (Entries{{"tick", 10s}}));
    int fires = 0;
    for (const goro::Event& e : rec.events())
        fires += e.kind == EventKind::TimerFire ? 1 : 0;
    EXPECT_EQ(fires, 1);  // only the 10 s ticker's first tick
}

// ---------------------------------------------------------------------------------------------
// The parallel runtime
//
// A deadline is the clock read when the timer is made plus its duration. Two goroutines that
// make timers "at the same time" read the clock at different instants, and either may be
// preempted by the OS between reading it and queueing the timer (Go has the same window), so
// the order of deadlines is asserted only among timers queued before the clock starts.

Task<> wait_on(LogPtr log, std::string label, Chan<Time> ch) {
    std::optional<Time> v = co_await ch.recv();
    log->add(label + " value", v.value_or(Time(-1)));
    log->add(label + " late", now() - v.value_or(Time::max()));
}

TEST(ParallelTimers, PendingTimersFireInDeadlineOrderAndNeverEarly) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Parallel, &rec));
    auto log = std::make_shared<Log>();
    // Made before run(), longest first, while the clock stands still. (It should stand at 0,
    // but the parallel clock also counts the wall time between the executor's construction
    // and its first freeze, times the speed; t0 keeps this test independent of that.)
    const Time t0 = rt.now();
    std::map<goro::ObjectId, Duration> deadline;
    for (int i = 5; i >= 1; --i) {
        Chan<Time> ch = goro::after(rt, i * 10ms);
        deadline[ch.id()] = i * 10ms;
        rt.go(wait_on(log, "t" + std::to_string(i), ch), "t" + std::to_string(i));
    }
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(log->entries.size(), 10U);
    std::map<std::string, Time> got(log->entries.begin(), log->entries.end());
    for (int i = 1; i <= 5; ++i) {
        const std::string t = "t" + std::to_string(i);
        EXPECT_EQ(got.at(t + " value"), t0 + i * 10ms) << t;  // the due instant, exactly
        EXPECT_GE(got.at(t + " late"), 0ns) << t;
    }
    std::vector<Duration> fired;
    for (const goro::Event& e : rec.events()) {
        const auto fire = goro::as_timer_fire(e);
        if (!fire) continue;
        fired.push_back(deadline.at(e.object));
        EXPECT_GE(Time(e.time), fire->due);  // fired at or after its deadline on the clock
    }
    EXPECT_EQ(fired, (std::vector<Duration>{10ms, 20ms, 30ms, 40ms, 50ms}));
}

Task<> after_from_goroutine(LogPtr log, std::string label, Duration d) {
    const Time start = now();
    Chan<Time> ch = goro::after(d);
    std::optional<Time> v = co_await ch.recv();
    // The value is the due instant, at least d after the call; nobody wakes before it.
    log->add(label + " due after", v.value_or(Time(-1)) - start - d);
    log->add(label + " late", now() - v.value_or(Time::max()));
}

Task<> sleep_and_note(LogPtr log, std::string label, Duration d) {
    const Time start = now();
    co_await goro::sleep(d);
    log->add(std::move(label), now() - start - d);
}

TEST(ParallelTimers, SleepsAndAftersNeverEndEarly) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Parallel, &rec));
    auto log = std::make_shared<Log>();
    for (int i = 5; i >= 1; --i) {
        rt.go(sleep_and_note(log, "sleep " + std::to_string(i), i * 10ms));
        rt.go(after_from_goroutine(log, "after " + std::to_string(i), i * 10ms));
    }
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(log->entries.size(), 15U);
    for (const auto& [label, late] : log->entries)
        EXPECT_GE(late, 0ns) << label;
    // A sleeper's TimerSet carries its deadline; the timer thread (waker 0) wakes it no sooner.
    std::map<goro::GoroutineId, Time> due;
    int woken = 0;
    for (const goro::Event& e : rec.events()) {
        const auto set = goro::as_timer_set(e);
        if (set && e.object == 0) due[e.g] = set->when;
        const auto unblock = goro::as_go_unblock(e);
        if (unblock && unblock->waker == 0 && due.contains(e.g)) {
            EXPECT_GE(Time(e.time), due.at(e.g));
            ++woken;
        }
    }
    EXPECT_EQ(woken, 5);
}

Task<> tick_reader(LogPtr log, int n) {
    goro::Ticker tk(5ms);
    std::optional<Time> first = co_await tk.c().recv();
    Time last = *first;
    for (int i = 1; i < n; ++i) {
        std::optional<Time> v = co_await tk.c().recv();
        // Ticks are due at start + k periods: later ones are whole periods after the first.
        const bool ok = *v > last && (*v - *first) % 5ms == 0ns;
        log->add(ok ? "whole periods later" : "bad tick", *v - last);
        last = *v;
    }
}

TEST(ParallelTimers, TickerTicksComeWholePeriodsApartInOrder) {
    goro::Runtime rt(options(Mode::Parallel));
    auto log = std::make_shared<Log>();
    rt.go(tick_reader(log, 20), "reader");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(log->entries.size(), 19U);
    for (const auto& [label, gap] : log->entries)
        EXPECT_EQ(label, "whole periods later") << gap;
}

// Stop and reset racing with the timer thread's firing

struct StopRace {
    int stopped_pending = 0;        // stop() returned true: nothing may ever arrive
    int stopped_fired = 0;          // stop() returned false: the value must already be there
    int value_missing = 0;          // ... but the channel was empty
    int value_after_true_stop = 0;  // a value arrived although stop() returned true
};

void spin(unsigned n) {
    volatile unsigned sink = 0;
    for (unsigned i = 0; i < n; ++i)
        sink = sink + i;
}

Task<> stop_races(std::shared_ptr<StopRace> out, int rounds) {
    for (int i = 0; i < rounds; ++i) {
        goro::Timer t(0ns);  // due now: the timer thread fires it while we spin
        spin(static_cast<unsigned>(goro::Runtime::current()->random() % 20000));
        if (t.stop()) {
            ++out->stopped_pending;
            co_await goro::sleep(1ms);
            if (t.c().len() != 0) ++out->value_after_true_stop;
        } else {
            ++out->stopped_fired;
            if (t.c().len() != 1) ++out->value_missing;
        }
    }
}

TEST(ParallelTimers, AfterStopReturnsTheTimersSendHasHappenedOrNeverWill) {
    // Go 1.19 waits in Stop (and Reset) for a timer that is being fired at that moment, so
    // the idiom `if !t.Stop() { <-t.C }` (or a non-blocking drain) never sees a late value.
    goro::Runtime rt(options(Mode::Parallel));
    auto out = std::make_shared<StopRace>();
    rt.go(stop_races(out, 3000), "stopper");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(out->stopped_pending + out->stopped_fired, 3000);
    EXPECT_EQ(out->value_missing, 0) << out->stopped_fired << " stops after firing";
    EXPECT_EQ(out->value_after_true_stop, 0);
}

Task<> ticker_stop_races(std::shared_ptr<int> late_ticks, int rounds) {
    for (int i = 0; i < rounds; ++i) {
        goro::Ticker tk(1us);  // fires as fast as the timer thread can go
        spin(static_cast<unsigned>(goro::Runtime::current()->random() % 20000));
        tk.stop();
        tk.c().try_recv();  // drain the tick already sent, if any
        co_await goro::sleep(1ms);
        if (tk.c().try_recv().received()) ++*late_ticks;
    }
}

TEST(ParallelTimers, NoTickArrivesOnceStopHasReturned) {
    goro::Runtime rt(options(Mode::Parallel));
    auto late_ticks = std::make_shared<int>(0);
    rt.go(ticker_stop_races(late_ticks, 1000), "stopper");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(*late_ticks, 0);
}

// ---------------------------------------------------------------------------------------------
// Timers and deadlock detection

INSTANTIATE_TEST_SUITE_P(Timers, BothModes, both_modes(), mode_name);

Task<> only_sleeps(LogPtr log) {
    co_await goro::sleep(1s);
    log->add("awake", 0ns);
}

TEST_P(BothModes, AGoroutineBlockedOnlyOnASleepIsNotADeadlock) {
    goro::Runtime rt(options(GetParam()));
    auto log = std::make_shared<Log>();
    rt.go(only_sleeps(log), "sleeper");
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_EQ(log->entries.size(), 1U);
    EXPECT_GE(r.time, 1s);
}

Task<> timed_producer(Chan<int> ch, int n) {
    for (int i = 1; i <= n; ++i) {
        co_await goro::sleep(1s);
        co_await ch.send(i);
    }
}

Task<> consumer(LogPtr log, Chan<int> ch) {
    std::optional<int> v = co_await ch.recv();
    log->add("got " + std::to_string(v.value_or(-1)), now());
}

TEST_P(BothModes, WaitersOnAChannelFedByATimerDrivenGoroutineComplete) {
    goro::Runtime rt(options(GetParam()));
    auto log = std::make_shared<Log>();
    Chan<int> ch = goro::make_chan<int>(rt, 0, "ch");
    for (int i = 0; i < 3; ++i)
        rt.go(consumer(log, ch), "consumer");
    rt.go(timed_producer(ch, 3), "producer");
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_TRUE(r.stuck.empty());
    ASSERT_EQ(log->entries.size(), 3U);
    if (GetParam() == Mode::Deterministic) {
        EXPECT_EQ(log->entries, (Entries{{"got 1", 1s}, {"got 2", 2s}, {"got 3", 3s}}));
    }
}

Task<> waits_forever_after_a_timer(Chan<int> ch) {
    Chan<Time> unread = goro::after(5s);  // pending until 5 s, then fires into its buffer
    co_await ch.recv();
}

TEST_P(BothModes, ADeadlockIsReportedOnceNoTimerIsLeft) {
    // Go 1.19 too: a pending timer postpones "all goroutines are asleep" until it has fired.
    goro::Runtime rt(options(GetParam()));
    Chan<int> ch = goro::make_chan<int>(rt, 0, "nobody sends");
    rt.go(waits_forever_after_a_timer(ch), "receiver");
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Deadlock);
    EXPECT_EQ(r.message, "all goroutines are asleep - deadlock!");
    EXPECT_GE(r.time, 5s);
    if (GetParam() == Mode::Deterministic) {
        EXPECT_EQ(r.time, 5s);
    }
    ASSERT_EQ(r.stuck.size(), 1U);
    EXPECT_EQ(r.stuck[0].reason, goro::BlockReason::ChanRecv);
    EXPECT_EQ(r.stuck[0].object, ch.id());
}

}  // namespace
