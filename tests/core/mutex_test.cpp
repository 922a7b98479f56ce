// Mutex: Go's sync.Mutex for goroutines, on both runtimes.
//
// The engine's Mutex hands the lock to the longest waiter (Go's starvation mode, always), so
// the order of acquisition is asserted on the deterministic runtime. Cases marked "Go 1.19"
// were run against Go 1.19's sync package.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/explain.hpp"
#include "goro/goro.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

INSTANTIATE_TEST_SUITE_P(Mutex, BothModes, both_modes(), mode_name);

// ---------------------------------------------------------------------------------------------
// Mutual exclusion

// Guarded by the goro::Mutex alone: ThreadSanitizer checks that the mutex orders the accesses.
struct Shared {
    long counter = 0;
    int inside = 0;      // goroutines in the critical section right now
    int violations = 0;  // times someone found another goroutine inside
};

Task<> increment(std::shared_ptr<Shared> s, Mutex mu, int times) {
    for (int i = 0; i < times; ++i) {
        co_await mu.lock();
        if (++s->inside != 1) ++s->violations;
        const long read = s->counter;
        co_await goro::yield();  // let everyone else try to get in
        s->counter = read + 1;
        --s->inside;
        mu.unlock();
    }
}

TEST_P(BothModes, IncrementsUnderTheLockAreNeverLost) {
    goro::Runtime rt(options(GetParam()));
    auto s = std::make_shared<Shared>();
    Mutex mu(rt, "counter");
    constexpr int kGoroutines = 4;
    constexpr int kTimes = 1000;
    for (int g = 0; g < kGoroutines; ++g)
        rt.go(increment(s, mu, kTimes), "incrementer");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(s->counter, kGoroutines * kTimes);
    EXPECT_EQ(s->violations, 0);
    EXPECT_FALSE(mu.locked());
}

// ---------------------------------------------------------------------------------------------
// Hand-off order

Task<> take_turn(LogPtr log, Mutex mu, std::string name) {
    co_await mu.lock();
    log->add(name + " locked", now());
    co_await goro::sleep(1s);
    mu.unlock();
}

Task<> first_holder(LogPtr log, Mutex mu) {
    co_await mu.lock();
    for (int i = 1; i <= 4; ++i)
        goro::go(take_turn(log, mu, "w" + std::to_string(i)));
    // Every waiter is parked by now, in the order it ran: as in Go (GOMAXPROCS=1), the one
    // spawned last first (runnext), then the others in the order they were spawned.
    co_await goro::sleep(1s);
    mu.unlock();
    // The mutex went straight to the first waiter: no barging back in.
    log->add(mu.try_lock() ? "holder relocked" : "holder refused", now());
}

TEST(MutexOrder, UnlockHandsTheMutexToTheLongestWaiter) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto log = std::make_shared<Log>();
    Mutex mu(rt, "m");
    rt.go(first_holder(log, mu), "holder");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    // The Go 1.19 twin with GOMAXPROCS=1 prints w4, w1, w2, w3 locked, 100 ms apart.
    EXPECT_EQ(log->entries, (Entries{{"holder refused", 1s},
                                     {"w4 locked", 1s},
                                     {"w1 locked", 2s},
                                     {"w2 locked", 3s},
                                     {"w3 locked", 4s}}));
    // Events: each unlock names the goroutine it hands the mutex to, which then holds it.
    std::vector<std::pair<EventKind, std::int64_t>> seen;  // (kind, holder or receiver)
    for (const goro::Event& e : rec.events()) {
        if (e.object != mu.id()) continue;
        if (e.kind == EventKind::MutexLock) seen.emplace_back(e.kind, e.g);
        if (const auto unlock = goro::as_mutex_unlock(e))
            seen.emplace_back(e.kind, unlock->handed_to);
    }
    // Goroutine ids: holder 1, w1..w4 are 2..5.
    EXPECT_EQ(seen, (std::vector<std::pair<EventKind, std::int64_t>>{
                        {EventKind::MutexLock, 1},
                        {EventKind::MutexUnlock, 5},
                        {EventKind::MutexLock, 5},
                        {EventKind::MutexUnlock, 2},
                        {EventKind::MutexLock, 2},
                        {EventKind::MutexUnlock, 3},
                        {EventKind::MutexLock, 3},
                        {EventKind::MutexUnlock, 4},
                        {EventKind::MutexLock, 4},
                        {EventKind::MutexUnlock, 0},
                    }));
    EXPECT_FALSE(mu.locked());
}

// ---------------------------------------------------------------------------------------------
// TryLock, and locking across goroutines

Task<> try_locks(LogPtr log, Mutex mu) {
    log->add(mu.try_lock() ? "free: locked" : "free: refused", now());
    log->add(mu.locked() ? "held" : "not held", now());
    log->add(mu.try_lock() ? "held: locked" : "held: refused", now());
    mu.unlock();
    log->add(mu.locked() ? "held" : "not held", now());
    log->add(mu.try_lock() ? "again: locked" : "again: refused", now());
    mu.unlock();
    co_return;
}

TEST(MutexTryLock, SucceedsOnlyOnAFreeMutex) {
    const auto body = [](goro::Runtime& rt, LogPtr log) { return try_locks(log, Mutex(rt)); };
    EXPECT_EQ(logged_run(body, ""), (Entries{{"free: locked", 0ns},
                                             {"held", 0ns},
                                             {"held: refused", 0ns},
                                             {"not held", 0ns},
                                             {"again: locked", 0ns}}));
}

Task<> lock_and_signal(Mutex mu, Chan<int> locked) {
    co_await mu.lock();
    co_await locked.send(1);
}

Task<> unlock_for_other(Mutex mu, Chan<int> locked) {
    co_await locked.recv();
    co_await goro::sleep(1s);
    mu.unlock();  // Go: "A locked Mutex is not associated with a particular goroutine"
}

Task<> lock_after(LogPtr log, Mutex mu) {
    co_await goro::sleep(1ms);
    co_await mu.lock();
    log->add("third locked", now());
    mu.unlock();
}

TEST_P(BothModes, OneGoroutineMayUnlockWhatAnotherLocked) {
    goro::Runtime rt(options(GetParam()));
    auto log = std::make_shared<Log>();
    Mutex mu(rt);
    Chan<int> locked = goro::make_chan<int>(rt, 0, "locked");
    rt.go(lock_and_signal(mu, locked), "locker");
    rt.go(unlock_for_other(mu, locked), "unlocker");
    rt.go(lock_after(log, mu), "third");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(log->entries.size(), 1U);
    if (deterministic()) {
        EXPECT_EQ(log->entries[0].second, 1s);
    }
    EXPECT_FALSE(mu.locked());
}

// ---------------------------------------------------------------------------------------------
// Panics and deadlocks

Task<> unlock_unlocked(Mutex mu) {
    mu.unlock();
    co_return;
}

Task<> unlock_twice(Mutex mu) {
    co_await mu.lock();
    mu.unlock();
    mu.unlock();
}

// Go 1.19 twin: `var mu sync.Mutex; defer func() { fmt.Println("recovered:", recover()) }();
// mu.Unlock()` prints "fatal error: sync: unlock of unlocked mutex" and "goroutine 1 [running]",
// exits with status 2, and never prints "recovered": unlike a panic, a fatal error cannot be
// recovered.
TEST_P(BothModes, UnlockOfAnUnlockedMutexIsAFatalError) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    rt.go(unlock_unlocked(Mutex(rt)), "unlocker");
    const goro::RunResult r = rt.run();
    ASSERT_TRUE(fatal_with(r, "sync: unlock of unlocked mutex", "unlocker"));
    EXPECT_EQ(r.describe(),
              "fatal error: sync: unlock of unlocked mutex (in goroutine 1, unlocker)\n");
    const std::vector<std::string> explained = goro::explain(r);
    ASSERT_FALSE(explained.empty());
    EXPECT_EQ(
        explained.front(),
        "Fatal error in unlocker: sync: unlock of unlocked mutex. Unlike a panic, nothing can "
        "recover it: the program ends.");
    EXPECT_STREQ(goro::run_status_text(r.status), "fatal error");
    // The events say so too: the fatal error, in Go's words, then the end of the run.
    const std::vector<goro::Event> events = rec.events();
    ASSERT_GE(events.size(), 2U);
    const goro::Event& fatal = events[events.size() - 2];
    EXPECT_EQ(fatal.kind, EventKind::Deadlock);
    EXPECT_EQ(fatal.g, 1U);
    EXPECT_EQ(rec.text(fatal.text), "sync: unlock of unlocked mutex");
    EXPECT_EQ(goro::as_run_end(events.back())->status, RunStatus::Fatal);
    EXPECT_TRUE(events_of(rec, EventKind::GoPanic).empty());
}

TEST_P(BothModes, ASecondUnlockIsAFatalError) {
    goro::Runtime rt(options(GetParam()));
    rt.go(unlock_twice(Mutex(rt)), "unlocker");
    const goro::RunResult r = rt.run();
    EXPECT_TRUE(fatal_with(r, "sync: unlock of unlocked mutex", "unlocker"));
}

// A goroutine that catches the C++ exception, with catch (...) as here or as a goro::Panic, and
// goes on: the run still ends at the fatal error, and nothing the goroutine does afterwards is
// recorded.
Task<> unlock_and_catch_everything(Mutex mu, LogPtr log) {
    try {
        mu.unlock();
    } catch (const goro::Panic&) {
        log->add("recovered as a panic", now());
    } catch (...) {
        log->add("caught", now());
    }
    co_await mu.lock();  // a goroutine that went on would hold the mutex now
    goro::annotate("went on");
}

TEST_P(BothModes, AFatalErrorEndsTheRunEvenWhenTheGoroutineCatchesIt) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    auto log = std::make_shared<Log>();
    Mutex mu(rt, "m");
    rt.go(unlock_and_catch_everything(mu, log), "catcher");
    const goro::RunResult r = rt.run();
    EXPECT_TRUE(fatal_with(r, "sync: unlock of unlocked mutex", "catcher"));
    ASSERT_EQ(log->size(), 1U);
    EXPECT_EQ(log->entries[0].first, "caught");
    // The stream ends at the fatal error: no lock, no annotation, no end of the goroutine.
    std::vector<EventKind> after;
    bool seen = false;
    for (const goro::Event& e : rec.events()) {
        if (seen) after.push_back(e.kind);
        seen = seen || e.kind == EventKind::Deadlock;
    }
    EXPECT_TRUE(seen);
    EXPECT_EQ(after, (std::vector<EventKind>{EventKind::RunEnd}));
}

Task<> lock_twice(Mutex mu) {
    co_await mu.lock();
    co_await mu.lock();  // sync.Mutex is not reentrant
}

TEST_P(BothModes, LockingAHeldMutexForeverIsADeadlock) {
    // Go 1.19: mu.Lock(); mu.Lock() gives "all goroutines are asleep - deadlock!".
    goro::Runtime rt(options(GetParam()));
    Mutex mu(rt, "m");
    rt.go(lock_twice(mu), "relocker");
    const goro::RunResult r = rt.run();
    ASSERT_TRUE(deadlocked_alone(r, "relocker", BlockReason::Mutex));
    EXPECT_EQ(r.message, "all goroutines are asleep - deadlock!");
    // Go 1.19 names a goroutine blocked in Mutex.Lock "[semacquire]", as one in WaitGroup.Wait
    // (Go 1.20 says "[sync.Mutex.Lock]" and "[sync.WaitGroup.Wait]"). The twin: main holds mu
    // and adds 1 to wg, goroutine 5 calls mu.Lock(), goroutine 6 wg.Wait(), main does select {}:
    //   goroutine 1 [select (no cases)]:  goroutine 5 [semacquire]:  goroutine 6 [semacquire]:
    EXPECT_STREQ(goro::block_reason_text(BlockReason::Mutex), "semacquire");
    EXPECT_NE(r.describe().find("goroutine 1 [semacquire]: relocker"), std::string::npos)
        << r.describe();
    EXPECT_EQ(r.stuck[0].object, mu.id());
    EXPECT_TRUE(mu.locked());
}

Task<> lock_and_leave(Mutex mu) {
    co_await mu.lock();  // returns holding it
}

Task<> lock_later(Mutex mu) {
    co_await goro::sleep(1s);
    co_await mu.lock();
}

TEST_P(BothModes, AGoroutineThatEndsHoldingTheMutexDeadlocksTheNextLocker) {
    goro::Runtime rt(options(GetParam()));
    Mutex mu(rt, "m");
    rt.go(lock_and_leave(mu), "leaver");
    rt.go(lock_later(mu), "locker");
    const goro::RunResult r = rt.run();
    ASSERT_TRUE(deadlocked_alone(r, "locker", BlockReason::Mutex));
    EXPECT_EQ(r.stuck[0].object, mu.id());
}

}  // namespace
