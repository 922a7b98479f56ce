// WaitGroup: Go's sync.WaitGroup, on both runtimes.
//
// Cases marked "Go 1.19" were run against Go 1.19's sync package.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
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

INSTANTIATE_TEST_SUITE_P(WaitGroup, BothModes, both_modes(), mode_name);

// ---------------------------------------------------------------------------------------------

Task<> wait_on_fresh(LogPtr log) {
    WaitGroup wg("fresh");
    co_await wg.wait();
    log->add("returned", now());
}

TEST_P(BothModes, WaitReturnsAtOnceWhenTheCounterIsZero) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    auto log = std::make_shared<Log>();
    rt.go(wait_on_fresh(log), "waiter");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(log->size(), 1U);
    if (deterministic()) {
        EXPECT_EQ(log->entries[0].second, 0ns);
    }
    int waits = 0;
    for (const goro::Event& e : rec.events()) {
        EXPECT_NE(e.kind, EventKind::GoBlock);  // it never parked
        if (const auto wait = goro::as_wg_wait(e)) {
            EXPECT_EQ(wait->counter, 0);  // the counter when Wait was called
            ++waits;
        }
    }
    EXPECT_EQ(waits, 1);
}

struct Work {
    std::atomic<int> done_before_release{0};
};

Task<> worker(std::shared_ptr<Work> work, WaitGroup wg, Duration d) {
    co_await goro::sleep(d);
    work->done_before_release.fetch_add(1, std::memory_order_relaxed);
    wg.done();
}

Task<> wait_and_count(LogPtr log, std::shared_ptr<Work> work, WaitGroup wg, std::string label) {
    co_await wg.wait();
    // Everything the workers did before done() is visible once Wait returns.
    log->add(
        label + " saw " + std::to_string(work->done_before_release.load(std::memory_order_relaxed)),
        now());
}

TEST_P(BothModes, WaitWaitsForEveryDoneCall) {
    goro::Runtime rt(options(GetParam()));
    auto log = std::make_shared<Log>();
    auto work = std::make_shared<Work>();
    WaitGroup wg(rt, "workers");
    wg.add(3);  // before the goroutines start, as in Go
    EXPECT_EQ(wg.counter(), 3);
    for (int i = 1; i <= 3; ++i)
        rt.go(worker(work, wg, i * 1s), "worker " + std::to_string(i));
    rt.go(wait_and_count(log, work, wg, "waiter"), "waiter");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(log->size(), 1U);
    EXPECT_EQ(log->entries[0].first, "waiter saw 3");
    if (deterministic()) {
        EXPECT_EQ(log->entries[0].second, 3s);
    }
    EXPECT_EQ(wg.counter(), 0);
}

TEST_P(BothModes, EveryWaiterIsReleased) {
    goro::Runtime rt(options(GetParam()));
    auto log = std::make_shared<Log>();
    auto work = std::make_shared<Work>();
    WaitGroup wg(rt);
    wg.add(2);
    for (int i = 1; i <= 4; ++i) {
        rt.go(wait_and_count(log, work, wg, "w" + std::to_string(i)), "waiter");
    }
    rt.go(worker(work, wg, 1s), "worker 1");
    rt.go(worker(work, wg, 2s), "worker 2");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(log->size(), 4U);
    if (deterministic()) {
        // Readied in the order they waited, all at the second done(); as in Go (GOMAXPROCS=1),
        // the last one readied runs first (runnext), then the others in order.
        EXPECT_EQ(
            log->entries,
            (Entries{{"w4 saw 2", 2s}, {"w1 saw 2", 2s}, {"w2 saw 2", 2s}, {"w3 saw 2", 2s}}));
    } else {
        for (const auto& [label, t] : log->entries)
            EXPECT_TRUE(label.ends_with(" saw 2"));
    }
}

Task<> reuse(LogPtr log) {
    WaitGroup wg;
    auto work = std::make_shared<Work>();
    wg.add(1);
    goro::go(worker(work, wg, 1s), "first");
    co_await wg.wait();
    log->add("first round", now());
    wg.add(2);
    goro::go(worker(work, wg, 5s), "second");
    goro::go(worker(work, wg, 4s), "third");
    co_await wg.wait();
    log->add("second round", now());
    co_await wg.wait();  // the counter is 0 again: at once
    log->add("third wait", now());
}

TEST(WaitGroupReuse, AddAfterAWaitHasReturnedStartsANewRound) {
    goro::Runtime rt(options(Mode::Deterministic));
    auto log = std::make_shared<Log>();
    rt.go_main(reuse(log));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(log->entries,
              (Entries{{"first round", 1s}, {"second round", 6s}, {"third wait", 6s}}));
}

TEST(WaitGroupReuse, ReuseInTheParallelRuntime) {
    goro::Runtime rt(options(Mode::Parallel));
    auto log = std::make_shared<Log>();
    rt.go_main(reuse(log));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(log->size(), 3U);
    EXPECT_EQ(log->entries[0].first, "first round");
    EXPECT_EQ(log->entries[1].first, "second round");
    EXPECT_EQ(log->entries[2].first, "third wait");
}

Task<> events_of_adds() {
    WaitGroup wg;
    wg.add(2);
    wg.add(3);
    wg.done();
    co_return;
}

TEST(WaitGroupEvents, AddReportsTheDeltaAndTheCounterAfter) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    rt.go(events_of_adds());
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    std::vector<std::pair<std::int64_t, std::int64_t>> adds;  // (delta, counter after)
    for (const goro::Event& e : rec.events()) {
        if (const auto add = goro::as_wg_add(e)) adds.emplace_back(add->delta, add->counter_after);
    }
    EXPECT_EQ(adds, (std::vector<std::pair<std::int64_t, std::int64_t>>{{2, 2}, {3, 5}, {-1, 4}}));
}

// ---------------------------------------------------------------------------------------------
// Panics and deadlocks

Task<> done_on_zero() {
    WaitGroup wg;
    wg.done();
    co_return;
}

Task<> add_too_negative() {
    WaitGroup wg;
    wg.add(1);
    co_await goro::sleep(1s);
    wg.add(-2);
}

TEST_P(BothModes, DoneOnAZeroCounterPanicsWithGosWords) {
    // Go 1.19: "sync: negative WaitGroup counter".
    goro::Runtime rt(options(GetParam()));
    rt.go(done_on_zero(), "doner");
    const goro::RunResult r = rt.run();
    EXPECT_TRUE(panicked_with(r, "sync: negative WaitGroup counter", "doner"));
}

TEST_P(BothModes, AnAddBelowZeroPanicsWithGosWords) {
    goro::Runtime rt(options(GetParam()));
    rt.go(add_too_negative(), "adder");
    const goro::RunResult r = rt.run();
    EXPECT_TRUE(panicked_with(r, "sync: negative WaitGroup counter", "adder"));
    if (deterministic()) {
        EXPECT_EQ(r.time, 1s);
    }
}

Task<> wait_forever(WaitGroup wg) {
    co_await wg.wait();
}

TEST_P(BothModes, AWaiterNeverReleasedIsADeadlock) {
    // Go 1.19: "fatal error: all goroutines are asleep - deadlock!", goroutine [semacquire].
    goro::Runtime rt(options(GetParam()));
    WaitGroup wg(rt, "never done");
    wg.add(1);
    rt.go(wait_forever(wg), "waiter");
    const goro::RunResult r = rt.run();
    ASSERT_TRUE(deadlocked_alone(r, "waiter", BlockReason::WaitGroup));
    EXPECT_EQ(r.message, "all goroutines are asleep - deadlock!");
    EXPECT_EQ(r.stuck[0].object, wg.id());
    EXPECT_NE(r.describe().find("[semacquire]"), std::string::npos) << r.describe();
}

// ---------------------------------------------------------------------------------------------
// Many goroutines at once (parallel)

Task<> busy_worker(std::shared_ptr<Work> work, WaitGroup wg, int yields) {
    for (int i = 0; i < yields; ++i)
        co_await goro::yield();
    work->done_before_release.fetch_add(1, std::memory_order_relaxed);
    wg.done();
}

TEST(WaitGroupParallel, HundredsOfDonesReleaseEveryWaiterAfterTheLast) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        goro::Runtime rt(options(Mode::Parallel, nullptr, seed));
        auto log = std::make_shared<Log>();
        auto work = std::make_shared<Work>();
        WaitGroup wg(rt);
        constexpr int kWorkers = 300;
        wg.add(kWorkers);
        for (int w = 0; w < 5; ++w)
            rt.go(wait_and_count(log, work, wg, "waiter"), "waiter");
        for (int i = 0; i < kWorkers; ++i)
            rt.go(busy_worker(work, wg, i % 7), "worker");
        EXPECT_EQ(rt.run().status, RunStatus::Completed);
        ASSERT_EQ(log->size(), 5U);
        for (const auto& [label, t] : log->entries)
            EXPECT_EQ(label, "waiter saw 300");
        EXPECT_EQ(wg.counter(), 0);
    }
}

}  // namespace
