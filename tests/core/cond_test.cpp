// Cond: Go's sync.Cond for goroutines, on both runtimes.
//
// The twin is go_twins/cond/main.go (Go 1.19.8); each test says which of its outputs it mirrors.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/goro.hpp"
#include "goro/world_state.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

INSTANTIATE_TEST_SUITE_P(Cond, BothModes, both_modes(), mode_name);

// ---------------------------------------------------------------------------------------------
// Wake order

Task<> wait_once(IntLog woke, Mutex mu, Cond c, int i) {
    co_await mu.lock();
    co_await c.wait();
    if (!mu.locked()) woke->push(-i);  // Wait returns holding L
    woke->push(i);
    mu.unlock();
}

Task<> until_parked(Cond c, int n) {
    while (c.waiters() != n)
        co_await goro::sleep(1ms);
}

Task<> until_woken(IntLog woke, std::size_t n) {
    while (woke->items().size() != n)
        co_await goro::sleep(1ms);
}

Task<> signal_twice_then_broadcast(IntLog woke, Mutex mu, Cond c, std::shared_ptr<Log> log) {
    // Each waiter starts once the previous one has parked: their tickets are in order 1..4 on
    // either runtime.
    for (int i = 1; i <= 4; ++i) {
        goro::go(wait_once(woke, mu, c, i), "waiter " + std::to_string(i));
        co_await until_parked(c, i);
    }
    c.signal();
    co_await until_woken(woke, 1);
    c.signal();
    co_await until_woken(woke, 2);
    c.broadcast();
    co_await until_woken(woke, 4);
    c.signal();  // nobody waits: nothing happens
    log->add("done", now());
}

// Go 1.19 twin (default run): "waiter 1 woke", "waiter 2 woke", then the broadcast's two in the
// order Go's scheduler ran them ("waiter 4 woke", "waiter 3 woke" that time, and always with
// GOMAXPROCS=1), then "done". The signals wake the oldest waiter each: 1, then 2. The broadcast
// readies 3 then 4, and the deterministic runtime, as Go's, runs the last one readied first.
TEST_P(BothModes, SignalWakesTheOldestWaiterAndBroadcastTheRest) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    auto woke = int_log();
    auto log = std::make_shared<Log>();
    Mutex mu(rt, "mu");
    Cond c(rt, mu, "c");
    rt.go_main(signal_twice_then_broadcast(woke, mu, c, log));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    std::vector<int> order = woke->items();
    ASSERT_EQ(order.size(), 4U);
    EXPECT_EQ(order[0], 1);
    EXPECT_EQ(order[1], 2);
    if (deterministic()) {
        EXPECT_EQ(order, (std::vector<int>{1, 2, 4, 3}));
    } else {
        std::sort(order.begin() + 2, order.end());
        EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
    }
    ASSERT_EQ(log->size(), 1U);
    // CondSignal events: Signal woke 1, Signal woke 1, Broadcast woke 2, Signal woke none.
    std::vector<std::pair<bool, std::int64_t>> signals;
    for (const goro::Event& e : events_of(rec, EventKind::CondSignal, c.id())) {
        const auto s = *goro::as_cond_signal(e);
        signals.emplace_back(s.broadcast, s.woken);
    }
    EXPECT_EQ(signals, (std::vector<std::pair<bool, std::int64_t>>{
                           {false, 1}, {false, 1}, {true, 2}, {false, 0}}));
    // The fold, just before the first signal: four waiters on the cond, oldest first.
    const auto first = events_of(rec, EventKind::CondSignal, c.id()).front();
    const goro::WorldState w = goro::fold_events(rec, first.seq);
    ASSERT_EQ(w.waiters_of(c.id()).size(), 4U);
    std::vector<std::string> names;
    for (GoroutineId id : w.waiters_of(c.id())) {
        names.push_back(w.goroutine(id)->name);
        EXPECT_EQ(w.goroutine(id)->reason, BlockReason::CondWait);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"waiter 1", "waiter 2", "waiter 3", "waiter 4"}));
    EXPECT_TRUE(goro::fold_events(rec).waiters_of(c.id()).empty());
}

// ---------------------------------------------------------------------------------------------
// A bounded queue: the classic `for !cond { c.Wait() }`

struct Queue {
    std::deque<int> items;  // guarded by the goro::Mutex
    std::size_t cap = 2;
};

Task<> produce(std::shared_ptr<Queue> q, Mutex mu, Cond not_full, Cond not_empty, int from, int n) {
    for (int i = from; i < from + n; ++i) {
        co_await mu.lock();
        while (q->items.size() == q->cap)
            co_await not_full.wait();
        q->items.push_back(i);
        not_empty.signal();
        mu.unlock();
    }
}

Task<> consume(std::shared_ptr<Queue> q, Mutex mu, Cond not_full, Cond not_empty, IntLog got,
               int n) {
    for (int i = 0; i < n; ++i) {
        co_await mu.lock();
        while (q->items.empty())
            co_await not_empty.wait();
        got->push(q->items.front());
        q->items.pop_front();
        not_full.signal();
        mu.unlock();
    }
}

TEST_P(BothModes, ABoundedQueueOnTwoCondsLosesAndDuplicatesNothing) {
    goro::Runtime rt(options(GetParam()));
    auto q = std::make_shared<Queue>();
    auto got = int_log();
    Mutex mu(rt, "mu");
    Cond not_full(rt, mu, "notFull");
    Cond not_empty(rt, mu, "notEmpty");
    constexpr int kEach = 200;
    rt.go(produce(q, mu, not_full, not_empty, 0, kEach), "producer 1");
    rt.go(produce(q, mu, not_full, not_empty, kEach, kEach), "producer 2");
    rt.go(consume(q, mu, not_full, not_empty, got, kEach), "consumer 1");
    rt.go(consume(q, mu, not_full, not_empty, got, kEach), "consumer 2");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    std::vector<int> all = got->items();
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, iota_vector(2 * kEach));
    EXPECT_FALSE(mu.locked());
}

// ---------------------------------------------------------------------------------------------
// With an RWMutex's read side as its Locker

Task<> read_and_wait(RWMutex rw, Cond c, IntLog readers_seen) {
    co_await rw.rlock();
    co_await c.wait();
    readers_seen->push(rw.readers());  // back in, holding a read lock
    rw.runlock();
}

Task<> broadcast_when_all_wait(RWMutex rw, Cond c, int n) {
    while (c.waiters() < n)
        co_await goro::sleep(1ms);
    co_await rw.lock();  // every reader has left (Wait unlocked their read locks)
    rw.unlock();
    c.broadcast();
}

TEST_P(BothModes, WaitWithAnRLockerGivesTheReadLockBackAndTakesItAgain) {
    goro::Runtime rt(options(GetParam()));
    RWMutex rw(rt, "rw");
    Cond c(rt, rw.rlocker(), "c");
    auto seen = int_log();
    for (int i = 0; i < 3; ++i)
        rt.go(read_and_wait(rw, c, seen), "reader");
    rt.go(broadcast_when_all_wait(rw, c, 3), "writer");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    const std::vector<int> readers = seen->items();
    ASSERT_EQ(readers.size(), 3U);
    for (int n : readers)
        EXPECT_GE(n, 1);
    if (deterministic()) {
        EXPECT_EQ(readers, (std::vector<int>{1, 1, 1}));  // each back in, alone, in turn
    }
    EXPECT_EQ(rw.readers(), 0);
}

// ---------------------------------------------------------------------------------------------
// Misuse

Task<> wait_forever(Cond c, Mutex mu) {
    c.signal();  // before anyone waits: lost, as in Go
    co_await mu.lock();
    co_await c.wait();
}

// Go 1.19 twin, `main.go deadlock`: "fatal error: all goroutines are asleep - deadlock!" and
// "goroutine 1 [sync.Cond.Wait]:" (unlike Mutex and WaitGroup, already named in Go 1.19).
TEST_P(BothModes, AWaitNobodySignalsIsADeadlockInSyncCondWait) {
    goro::Runtime rt(options(GetParam()));
    Mutex mu(rt, "mu");
    Cond c(rt, mu, "c");
    rt.go_main(wait_forever(c, mu));
    const goro::RunResult r = rt.run();
    ASSERT_TRUE(deadlocked_alone(r, "main", BlockReason::CondWait));
    EXPECT_EQ(r.describe(),
              "fatal error: all goroutines are asleep - deadlock!\n"
              "goroutine 1 [sync.Cond.Wait]: main\n");
    EXPECT_EQ(r.stuck[0].object, c.id());
    EXPECT_FALSE(mu.locked());  // Wait gave L back before it parked
}

Task<> wait_unlocked(Cond c) {
    co_await c.wait();
}

// Go 1.19 twin, `main.go unlocked`: "fatal error: sync: unlock of unlocked mutex": Wait unlocks
// L, which the caller must hold.
TEST_P(BothModes, WaitingWithoutHoldingTheLockIsTheLocksFatalError) {
    goro::Runtime rt(options(GetParam()));
    Mutex mu(rt, "mu");
    rt.go(wait_unlocked(Cond(rt, mu)), "waiter");
    EXPECT_TRUE(fatal_with(rt.run(), "sync: unlock of unlocked mutex", "waiter"));
}

}  // namespace
