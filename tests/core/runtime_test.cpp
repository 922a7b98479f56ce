// The runtime: goroutine lifecycle, the two executors, deadlock and leak reports, panics,
// determinism, and scale (a million goroutines, a hundred thousand nested awaits).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <vector>

#include "goro/event_format.hpp"
#include "goro/goro.hpp"
#include "goro/recorder.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

INSTANTIATE_TEST_SUITE_P(Runtime, BothModes, both_modes(), mode_name);

Task<> block_forever(Chan<int> ch) {
    co_await ch.recv();
}
Task<> panics_after(Chan<int> ch) {
    co_await goro::sleep(1s);
    ch.close();
    ch.close();
}

TEST_P(BothModes, APanicEndsTheRunWithGosMessageAndNamesTheGoroutine) {
    goro::Runtime rt(options(GetParam()));
    auto ch = goro::make_chan<int>(rt, 0, "ch");
    auto other = goro::make_chan<int>(rt, 0, "other");
    rt.go(block_forever(other), "bystander");
    rt.go(panics_after(ch), "closer");
    const goro::RunResult r = rt.run();
    EXPECT_TRUE(panicked_with(r, "close of closed channel", "closer"));
    EXPECT_NE(r.describe().find("panic: close of closed channel"), std::string::npos);
}

Task<> receiver(Chan<int> ch) {
    co_await ch.recv();
}

TEST_P(BothModes, ReceiveWithNoSenderIsADeadlockNamingGoroutineAndChannel) {
    goro::Runtime rt(options(GetParam()));
    auto ch = goro::make_chan<int>(rt, 0, "results");
    rt.go(receiver(ch), "collector");
    const goro::RunResult r = rt.run();
    ASSERT_TRUE(deadlocked_alone(r, "collector", goro::BlockReason::ChanRecv));
    EXPECT_EQ(r.message, "all goroutines are asleep - deadlock!");
    EXPECT_EQ(r.stuck[0].object_name, "results");
    const std::string text = r.describe();
    EXPECT_NE(text.find("fatal error: all goroutines are asleep - deadlock!"), std::string::npos);
    EXPECT_NE(text.find("[chan receive]: collector waits on results"), std::string::npos);
}

bool someone_parked_on_a_receive(const goro::Recorder& rec) {
    for (std::uint64_t i = rec.first_retained(); i < rec.published(); ++i) {
        const goro::Event e = rec.at(i);
        if (e.kind == EventKind::GoBlock &&
            e.arg == static_cast<std::int64_t>(goro::BlockReason::ChanRecv))
            return true;
    }
    return false;
}

// Main returns once "forgotten" has parked: after one sleep in the deterministic runtime, and in
// the parallel one once the recorder shows it parked (a loaded machine may start it late).
Task<> leaky_main(Chan<int> ch, const goro::Recorder* rec) {
    goro::go(receiver(ch), "forgotten");
    do
        co_await goro::sleep(1ms);
    while (rec != nullptr && !someone_parked_on_a_receive(*rec));
}

TEST_P(BothModes, GoroutinesBlockedWhenMainReturnsAreReportedAsLeaks) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    auto ch = goro::make_chan<int>(rt, 0, "orphan");
    rt.go_main(leaky_main(ch, deterministic() ? nullptr : &rec));
    const goro::RunResult r = rt.run();
    ASSERT_EQ(r.status, RunStatus::Completed);
    ASSERT_EQ(r.stuck.size(), 1U);
    EXPECT_EQ(r.stuck[0].name, "forgotten");
    EXPECT_EQ(r.stuck[0].object_name, "orphan");
}

Task<> leaves_a_timer_behind(std::shared_ptr<std::atomic<bool>> fired) {
    goro::Chan<goro::Time> unread = goro::after(1h);  // nobody waits for it
    (void)unread;
    goro::after_func(1h, [fired]() -> Task<> {
        fired->store(true);
        co_return;
    });
    co_return;
}

// With no main goroutine a run ends when every goroutine has returned, even with timers still
// pending: it does not wait an hour for them.
TEST_P(BothModes, ARunWhoseGoroutinesHaveAllReturnedEndsWithTimersStillPending) {
    goro::Runtime rt(options(GetParam()));
    auto fired = std::make_shared<std::atomic<bool>>(false);
    rt.go(leaves_a_timer_behind(fired), "leaves timers");
    rt.go(leaves_a_timer_behind(fired), "leaves timers too");
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_LT(rt.now(), goro::Time(1h));
    EXPECT_FALSE(fired->load());
    EXPECT_EQ(rt.live_goroutines(), 0U);
}

Task<> wakes_and_returns(Chan<int> ch) {
    goro::go(receiver(ch), "woken");
    co_await goro::sleep(1ms);  // the receiver parks on ch
    co_await ch.send(1);        // hands it the value and makes it runnable; main goes on
}

// A goroutine that main's last step made runnable is cut short by main's return, as in Go, not
// leaked: it is alive at the end (stuck, with no reason) and no Leak event names it.
TEST(Deterministic, AGoroutineWokenAsMainReturnsIsCutShortNotLeaked) {
    goro::Recorder rec;
    goro::RuntimeOptions o = options(Mode::Deterministic);
    o.tracer = &rec;
    goro::Runtime rt(o);
    auto ch = goro::make_chan<int>(rt, 0, "handoff");
    rt.go_main(wakes_and_returns(ch));
    const goro::RunResult r = rt.run();
    ASSERT_EQ(r.status, RunStatus::Completed);
    ASSERT_EQ(r.stuck.size(), 1U) << "the case this test is about";
    EXPECT_EQ(r.stuck[0].name, "woken");
    EXPECT_EQ(r.stuck[0].reason, goro::BlockReason::None);
    for (std::uint64_t i = 0; i < rec.published(); ++i)
        EXPECT_NE(rec.at(i).kind, EventKind::Leak) << i;
}

Task<> sleeper(Chan<int> out, int id, goro::Duration d) {
    co_await goro::sleep(d);
    co_await out.send(id);
}
Task<> collect(Chan<int> in, int n, std::shared_ptr<std::vector<int>> got) {
    for (int i = 0; i < n; ++i)
        got->push_back(*co_await in.recv());
}

TEST(Deterministic, RunUntilStopsAtTheGivenVirtualTime) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto ch = goro::make_chan<int>(rt, 10);
    auto got = std::make_shared<std::vector<int>>();
    rt.go(sleeper(ch, 1, 1s));
    rt.go(sleeper(ch, 2, 3s));
    rt.go(collect(ch, 2, got));
    goro::RunResult r = rt.run_until(goro::Time(2s));
    EXPECT_EQ(r.status, RunStatus::Paused);
    EXPECT_EQ(rt.now(), goro::Time(2s));
    EXPECT_EQ(*got, std::vector<int>{1});
    r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_EQ(rt.now(), goro::Time(3s));
    EXPECT_EQ(*got, (std::vector<int>{1, 2}));
}

Task<> count_steps(std::shared_ptr<int> counter) {
    for (int i = 0; i < 3; ++i) {
        ++*counter;
        co_await goro::yield();
    }
}

TEST(Deterministic, StepRunsOneGoroutineSliceAtATime) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto a = std::make_shared<int>(0);
    auto b = std::make_shared<int>(0);
    rt.go(count_steps(a));
    rt.go(count_steps(b));
    EXPECT_TRUE(rt.step());
    EXPECT_EQ(*a, 1);
    EXPECT_EQ(*b, 0);
    EXPECT_TRUE(rt.step());
    EXPECT_EQ(*b, 1);  // FIFO: the second goroutine before the first runs again
    EXPECT_TRUE(rt.step());
    EXPECT_EQ(*a, 2);
    while (rt.step()) {
    }
    EXPECT_EQ(rt.result().status, RunStatus::Completed);
    EXPECT_EQ(*a, 3);
    EXPECT_EQ(*b, 3);
}

Task<> pauser(goro::Runtime* rt, std::shared_ptr<int> counter) {
    ++*counter;
    rt->pause();
    co_await goro::yield();
    ++*counter;
}

TEST(Deterministic, PauseFromAGoroutineReturnsFromRun) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto counter = std::make_shared<int>(0);
    rt.go(pauser(&rt, counter));
    EXPECT_EQ(rt.run().status, RunStatus::Paused);
    EXPECT_EQ(*counter, 1);
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(*counter, 2);
}

// A program with enough choice in it (selects over several ready channels, timers) that a
// different seed would show.
Task<> chooser(Chan<int> a, Chan<int> b, Chan<int> out) {
    for (int i = 0; i < 50; ++i) {
        std::optional<int> v;
        const int which = co_await goro::select(a.recv_case(v), b.recv_case(v));
        co_await out.send(which * 1000 + *v);
    }
    out.close();
}
Task<> feeder(Chan<int> ch, int base) {
    for (int i = 0; i < 50; ++i)
        co_await ch.send(base + i);
}
Task<> drain(Chan<int> ch) {
    // The value is bound to a name: GCC 12 miscompiles `while (co_await ch.recv())` when the
    // loop body awaits too (the trap DESIGN.md warns about).
    while (auto v = co_await ch.recv())
        co_await goro::sleep(1ms);
}
Task<> choice_main(goro::Runtime* rt) {
    auto a = goro::make_chan<int>(*rt, 4, "a");
    auto b = goro::make_chan<int>(*rt, 4, "b");
    auto out = goro::make_chan<int>(*rt, 0, "out");
    goro::go(feeder(a, 0), "feeder a");
    goro::go(feeder(b, 100), "feeder b");
    goro::go(chooser(a, b, out), "chooser");
    co_await drain(out);
}

std::string stream_for_seed(std::uint64_t seed) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec, seed));
    rt.go_main(choice_main(&rt));
    rt.run();
    std::ostringstream out;
    goro::write_events_jsonl(out, rec);
    return out.str();
}

TEST(Deterministic, SameSeedGivesTheSameEventStreamByteForByte) {
    const std::string first = stream_for_seed(7);
    const std::string second = stream_for_seed(7);
    EXPECT_GT(first.size(), 10'000U);
    EXPECT_EQ(first, second);
    EXPECT_NE(first, stream_for_seed(8));
}

Task<> park_on(Chan<int> gate, goro::WaitGroup wg, std::shared_ptr<std::atomic<int>> started) {
    started->fetch_add(1);
    co_await gate.recv();  // nothing is ever sent: only close() lets it past
    wg.done();
}
Task<> million_main(Chan<int> gate, int n, std::shared_ptr<std::atomic<int>> started,
                    std::shared_ptr<int> waiting_before_close) {
    goro::WaitGroup wg("all");
    wg.add(n);
    for (int i = 0; i < n; ++i)
        goro::go(park_on(gate, wg, started));
    while (started->load() < n)
        co_await goro::yield();
    co_await goro::sleep(1ms);
    *waiting_before_close = wg.counter();  // every one of them is held at the receive
    gate.close();
    co_await wg.wait();
}

// ---- scheduling order (deterministic): Go 1.19's with GOMAXPROCS=1 -----------------------

Task<> note_run(std::shared_ptr<std::vector<int>> order, int i) {
    order->push_back(i);
    co_return;
}

Task<> spawn_three_then_park(std::shared_ptr<std::vector<int>> order) {
    for (int i = 1; i <= 3; ++i)
        goro::go(note_run(order, i));
    co_await goro::sleep(1ms);
    order->push_back(0);
}

// Go runs a goroutine's newest child first (runnext), then the others in the order they were
// spawned: `go f(1); go f(2); go f(3)` then a sleep prints 3 1 2 with GOMAXPROCS=1.
TEST(Deterministic, TheGoroutineSpawnedLastRunsFirstThenTheOthersInOrder) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto order = std::make_shared<std::vector<int>>();
    rt.go(spawn_three_then_park(order));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(*order, (std::vector<int>{3, 1, 2, 0}));
}

Task<> note_rounds(std::shared_ptr<std::vector<int>> order, int i, int rounds) {
    for (int r = 0; r < rounds; ++r) {
        order->push_back(r * 1000 + i);
        co_await goro::yield();  // Gosched: to the global queue's tail
    }
}

Task<> sleep_then_note_rounds(std::shared_ptr<std::vector<int>> order, int i, int rounds) {
    co_await goro::sleep(1ms);
    co_await note_rounds(order, i, rounds);
}
Task<> spawn_sleepers(std::shared_ptr<std::vector<int>> order, int from, int to, int rounds) {
    for (int i = from; i <= to; ++i)
        goro::go(sleep_then_note_rounds(order, i, rounds));
    co_return;
}

// Goroutines readied outside a goroutine (by the host, by timers) and those that yield wait in
// the global queue, however many: 200 started by the host take three turns each, yielding
// between them; then 799 sleepers wake at once. Every turn of every goroutine runs once, each
// goroutine's in order; the first 61 slices run goroutines 1 to 61 in order, and Go's
// every-61st pick from the global queue's head comes next: goroutine 130, past the 128 a batch
// moved to the local queue.
TEST(Deterministic, EveryGoroutineInALongGlobalQueueRunsEachTurnOnce) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto order = std::make_shared<std::vector<int>>();
    constexpr int kStarted = 200, kGoroutines = 999, kRounds = 3;
    for (int i = 1; i <= kStarted; ++i)
        rt.go(note_rounds(order, i, kRounds));
    rt.go(spawn_sleepers(order, kStarted + 1, kGoroutines, kRounds));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(order->size(), std::size_t{kGoroutines * kRounds});
    std::vector<int> next_round(kGoroutines + 1, 0);
    for (const int run : *order) {
        const int i = run % 1000, r = run / 1000;
        ASSERT_EQ(r, next_round[i]) << "goroutine " << i;
        ++next_round[i];
    }
    for (int i = 0; i < 61; ++i)
        EXPECT_EQ((*order)[i], i + 1);
    EXPECT_EQ((*order)[61], 130);
}

struct Alive {
    int now = 0;
    int peak = 0;
    void spawned() { peak = std::max(peak, ++now); }
};

// The skynet tree (fan-out 10), counting goroutines alive at once.
Task<> tree(std::shared_ptr<Alive> alive, Chan<std::int64_t> out, std::int64_t num,
            std::int64_t size) {
    if (size == 1) {
        co_await out.send(num);
        --alive->now;
        co_return;
    }
    Chan<std::int64_t> rc = make_chan<std::int64_t>();
    for (std::int64_t i = 0; i < 10; ++i) {
        alive->spawned();
        goro::go(tree(alive, rc, num + i * (size / 10), size / 10));
    }
    std::int64_t sum = 0;
    for (int i = 0; i < 10; ++i)
        sum += (co_await rc.recv()).value_or(0);
    co_await out.send(sum);
    --alive->now;
}

Task<> tree_main(std::shared_ptr<Alive> alive, std::shared_ptr<std::int64_t> sum) {
    Chan<std::int64_t> c = make_chan<std::int64_t>();
    alive->spawned();
    goro::go(tree(alive, c, 0, 100'000));
    *sum = (co_await c.recv()).value_or(-1);
}

// A tree of goroutines runs depth-first, as in Go: newly spawned goroutines run next, and a full
// local queue spills its older half to the global queue. A FIFO queue would run it
// breadth-first, with all 111,111 goroutines alive at once.
TEST(Deterministic, ATreeOfGoroutinesRunsDepthFirst) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto alive = std::make_shared<Alive>();
    auto sum = std::make_shared<std::int64_t>(0);
    rt.go_main(tree_main(alive, sum));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(*sum, 100'000LL * 99'999 / 2);
    EXPECT_EQ(alive->now, 0);
    EXPECT_LT(alive->peak, 111'111 / 5);  // about 11,500; Go 1.19 (GOMAXPROCS=1): 10-12,000
}

Task<> echo(Chan<int> in, Chan<int> out, int rounds) {
    for (int i = 0; i < rounds; ++i) {
        const std::optional<int> v = co_await in.recv();
        co_await out.send(v.value_or(0));
    }
}
Task<> note_when(std::shared_ptr<int> bounced, std::shared_ptr<int> seen_at) {
    *seen_at = *bounced;
    co_return;
}
Task<> bounce_and_count(Chan<int> in, Chan<int> out, std::shared_ptr<int> bounced) {
    for (;;) {
        co_await out.send(1);
        const std::optional<int> back = co_await in.recv();
        if (!back) co_return;
        ++*bounced;
    }
}

// Two goroutines handing each other the processor through runnext do not keep it for ever: the
// streak ends after 32 hand-offs, as Go's sysmon ends one after 10 ms, and a goroutine waiting
// in the queue runs.
TEST(Deterministic, APairBouncingThroughRunnextLetsAQueuedGoroutineRun) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto bounced = std::make_shared<int>(0);
    auto seen_at = std::make_shared<int>(-1);
    Chan<int> a = make_chan<int>(rt);
    Chan<int> b = make_chan<int>(rt);
    rt.go(bounce_and_count(a, b, bounced));
    rt.go(echo(b, a, 1000));
    rt.go(note_when(bounced, seen_at));
    rt.run();  // ends in a deadlock once the echo is done: the bouncer waits for ever
    EXPECT_EQ(*bounced, 1000);
    EXPECT_GE(*seen_at, 0);
    EXPECT_LT(*seen_at, 100);
}

TEST_P(BothModes, AMillionGoroutinesParkOnOneChannelAndAreReleased) {
    const int n = (GetParam() == Mode::Parallel && kSanitized) ? 100'000 : 1'000'000;
    goro::Runtime rt(options(GetParam()));
    auto gate = goro::make_chan<int>(rt, 0, "gate");
    auto started = std::make_shared<std::atomic<int>>(0);
    auto waiting = std::make_shared<int>(0);
    rt.go_main(million_main(gate, n, started, waiting));
    const goro::RunResult r = rt.run();
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_EQ(started->load(), n);
    EXPECT_EQ(*waiting, n);
    EXPECT_TRUE(r.stuck.empty());
    EXPECT_EQ(rt.live_goroutines(), 0U);
}

Task<> ticks_forever(std::shared_ptr<std::atomic<int>> count) {
    for (;;) {
        co_await goro::sleep(10ms);
        ++*count;
    }
}

TEST(Parallel, PauseFreezesTheClockAndResumeContinues) {
    goro::Runtime rt(options(Mode::Parallel));
    rt.set_speed(10.0);
    auto count = std::make_shared<std::atomic<int>>(0);
    rt.go(ticks_forever(count));
    std::thread runner([&] { rt.run(); });
    std::this_thread::sleep_for(20ms);
    rt.pause();
    const goro::Time frozen = rt.now();
    // A slice in flight when pause() was called may still finish (its worker thread may even
    // have been preempted by the other tests): wait until the count has settled.
    int ticks = count->load();
    for (int settled_for = 0, waited = 0; settled_for < 4 && waited < 400; ++waited) {
        std::this_thread::sleep_for(5ms);
        const int now = count->load();
        settled_for = now == ticks ? settled_for + 1 : 0;
        ticks = now;
    }
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(rt.now(), frozen);
    EXPECT_EQ(count->load(), ticks);
    rt.resume();
    std::this_thread::sleep_for(50ms);
    EXPECT_GT(rt.now(), frozen);
    EXPECT_GT(count->load(), ticks);
    rt.stop();
    runner.join();
    EXPECT_EQ(rt.result().status, RunStatus::Stopped);
}

TEST(Parallel, ClockRunsAtTheChosenSpeed) {
    goro::Runtime rt(options(Mode::Parallel));
    rt.set_speed(100.0);
    auto ch = goro::make_chan<int>(rt, 1);
    rt.go(sleeper(ch, 1, 2s));
    const auto start = std::chrono::steady_clock::now();
    const goro::RunResult r = rt.run();
    const auto wall = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_GE(rt.now(), goro::Time(2s));
    EXPECT_GE(wall, 19ms);  // 2 s at 100x is 20 ms of wall time, never less
}

Task<> parks_once_released(std::shared_ptr<std::atomic<int>> stage, Chan<int> never) {
    stage->store(1);
    while (stage->load() != 2) {  // one slice, still running when the test pauses
        std::this_thread::yield();
    }
    co_await never.recv();
}

TEST(Parallel, ADeadlockReachedWhilePausedIsReportedWithoutResuming) {
    // The last goroutine parks in a slice that began before pause(): its worker then waits for
    // the resume, and the other one sleeps. Nothing can run again, paused or not, and the run
    // says so at once, as a worker held between slices counts as resting.
    goro::Runtime rt(options(Mode::Parallel));
    auto stage = std::make_shared<std::atomic<int>>(0);
    rt.go_main(parks_once_released(stage, goro::make_chan<int>(rt, 0, "never")));
    std::thread runner([&] { rt.run(); });
    while (stage->load() != 1) {
        std::this_thread::yield();
    }
    rt.pause();
    stage->store(2);
    for (int waited = 0; !rt.finished() && waited < 2000; ++waited) {
        std::this_thread::sleep_for(5ms);
    }
    if (!rt.finished()) rt.stop();  // the test fails, without hanging
    runner.join();
    EXPECT_EQ(rt.result().status, RunStatus::Deadlock);
}

TEST(Runtime, AnEmptyRunCompletesAtOnce) {
    for (Mode m : {Mode::Deterministic, Mode::Parallel}) {
        goro::Runtime rt(options(m));
        EXPECT_EQ(rt.run().status, RunStatus::Completed);
    }
}

TEST(Runtime, DestroyingARuntimeWithBlockedGoroutinesFreesThem) {
    // ASan reports a leak if the frames, channels or waiters are not all released.
    for (Mode m : {Mode::Deterministic, Mode::Parallel}) {
        goro::Runtime rt(options(m));
        auto ch = goro::make_chan<std::string>(rt, 2, "held");
        rt.go(block_forever(goro::make_chan<int>(rt)), "stuck 1");
        rt.go(feeder(goro::make_chan<int>(rt, 0, "full"), 0), "stuck 2");
        rt.run();
        EXPECT_FALSE(ch.is_nil());
    }
}

}  // namespace
