// RWMutex: Go's sync.RWMutex for goroutines, on both runtimes.
//
// The twin is go_twins/rwmutex/main.go (Go 1.19.8); each test says which of its outputs it
// mirrors.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
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

INSTANTIATE_TEST_SUITE_P(RWMutex, BothModes, both_modes(), mode_name);

// ---------------------------------------------------------------------------------------------
// Exclusion

// `value` is guarded by the goro::RWMutex alone: ThreadSanitizer checks that it orders the
// accesses. The bookkeeping of who is inside has a lock of its own.
struct Shared {
    long value = 0;
    std::mutex mu;  // guards the four below
    int readers = 0;
    int writers = 0;
    int max_readers = 0;
    int violations = 0;  // a writer found someone inside, or a reader found a writer
};

Task<> reader(std::shared_ptr<Shared> s, RWMutex rw, int times) {
    for (int i = 0; i < times; ++i) {
        co_await rw.rlock();
        {
            std::lock_guard lock(s->mu);
            if (++s->readers > s->max_readers) s->max_readers = s->readers;
            if (s->writers != 0) ++s->violations;
        }
        const long seen = s->value;
        co_await goro::yield();  // let writers and other readers try to get in
        {
            std::lock_guard lock(s->mu);
            if (s->value != seen) ++s->violations;
            --s->readers;
        }
        rw.runlock();
    }
}

Task<> writer(std::shared_ptr<Shared> s, RWMutex rw, int times) {
    for (int i = 0; i < times; ++i) {
        co_await rw.lock();
        {
            std::lock_guard lock(s->mu);
            if (++s->writers != 1 || s->readers != 0) ++s->violations;
        }
        const long read = s->value;
        co_await goro::yield();
        s->value = read + 1;
        {
            std::lock_guard lock(s->mu);
            --s->writers;
        }
        rw.unlock();
    }
}

TEST_P(BothModes, AWriterExcludesEveryoneAndReadersShare) {
    goro::Runtime rt(options(GetParam()));
    auto s = std::make_shared<Shared>();
    RWMutex rw(rt, "rw");
    constexpr int kTimes = 300;
    for (int i = 0; i < 3; ++i)
        rt.go(reader(s, rw, kTimes), "reader");
    for (int i = 0; i < 2; ++i)
        rt.go(writer(s, rw, kTimes), "writer");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(s->value, 2 * kTimes);  // no write lost
    EXPECT_EQ(s->violations, 0);
    if (deterministic()) {
        EXPECT_EQ(s->max_readers, 3);  // the three readers read at once between the writes
    }
    EXPECT_EQ(rw.readers(), 0);
    EXPECT_FALSE(rw.write_locked());
}

// ---------------------------------------------------------------------------------------------
// Writer preference (the twin's default run)

Task<> long_reader(LogPtr log, RWMutex rw, Chan<Unit> r2_refused) {
    co_await rw.rlock();
    log->add("r1 reads", now());
    co_await goro::sleep(3s);
    co_await r2_refused.recv();  // on threads the sleeps alone do not order r1 after r2
    log->add("r1 leaves", now());
    rw.runlock();
}

Task<> waiting_writer(LogPtr log, RWMutex rw) {
    co_await goro::sleep(1s);
    co_await rw.lock();
    log->add("w writes", now());
    co_await goro::sleep(1s);
    log->add("w leaves", now());
    rw.unlock();
}

Task<> late_reader(LogPtr log, RWMutex rw, Chan<Unit> refused) {
    co_await goro::sleep(2s);
    // On threads the sleeps do not order the goroutines: wait until the writer is in, which
    // try_rlock() failing while r1 still reads shows (Go's TryRLock fails for the same reason).
    while (rw.try_rlock()) {
        rw.runlock();
        co_await goro::sleep(10ms);
    }
    log->add("r2 refused", now());
    co_await refused.send(Unit{});
    co_await rw.rlock();
    log->add("r2 reads", now());
    rw.runlock();
}

// Go 1.19 twin (default run), in tenths of a second:
//   r1 reads at 0 / r1 leaves at 3 / w writes at 3 / w leaves at 4 / r2 reads at 4
// r2 asked while r1 was still reading, and yet waited: a waiting writer blocks new readers. r2's
// try_rlock() fails while r1 still reads (r1 leaves only once r2 has said so), so w cannot be
// writing yet: it is waiting, and that alone keeps r2 out.
TEST_P(BothModes, AWaitingWriterBlocksNewReaders) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    auto log = std::make_shared<Log>();
    RWMutex rw(rt, "rw");
    auto refused = make_chan<Unit>(rt, 1, "refused");
    rt.go(long_reader(log, rw, refused), "r1");
    rt.go(waiting_writer(log, rw), "w");
    rt.go(late_reader(log, rw, refused), "r2");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    std::vector<std::string> order;
    for (const auto& [label, t] : log->entries)
        order.push_back(label);
    EXPECT_EQ(order, (std::vector<std::string>{"r1 reads", "r2 refused", "r1 leaves", "w writes",
                                               "w leaves", "r2 reads"}));
    if (deterministic()) {
        EXPECT_EQ(log->entries, (Entries{{"r1 reads", 0s},
                                         {"r2 refused", 2s},
                                         {"r1 leaves", 3s},
                                         {"w writes", 3s},
                                         {"w leaves", 4s},
                                         {"r2 reads", 4s}}));
        // The last reader out handed the lock to the writer (goroutine 2), and said so.
        const auto runlocks = events_of(rec, EventKind::RWMutexRUnlock, rw.id());
        ASSERT_FALSE(runlocks.empty());
        EXPECT_EQ(goro::as_rwmutex_read(runlocks.front())->handed_to, 2U);
        EXPECT_EQ(goro::as_rwmutex_read(runlocks.front())->readers_after, 0);
    }
}

// ---------------------------------------------------------------------------------------------
// Unlock: readers first, then the next writer

Task<> write_first(LogPtr log, RWMutex rw, Chan<Unit> others_parked) {
    co_await rw.lock();
    co_await others_parked.recv();
    co_await goro::sleep(1s);
    log->add("w1 unlocks", now());
    rw.unlock();
}

Task<> read_once(LogPtr log, RWMutex rw, std::string name, Duration hold) {
    co_await rw.rlock();
    log->add(name + " reads", now());
    co_await goro::sleep(hold);
    log->add(name + " leaves", now());
    rw.runlock();
}

Task<> write_once(LogPtr log, RWMutex rw, std::string name) {
    co_await rw.lock();
    log->add(name + " writes", now());
    rw.unlock();
}

Task<> start_in_order(LogPtr log, RWMutex rw, Chan<Unit> parked) {
    // Each starts after the previous one has parked (the sleeps order them in either runtime,
    // the deterministic one exactly).
    goro::go(read_once(log, rw, "r1", 1s), "r1");
    co_await goro::sleep(10ms);
    goro::go(write_once(log, rw, "w2"), "w2");
    co_await goro::sleep(10ms);
    goro::go(read_once(log, rw, "r2", 2s), "r2");
    co_await goro::sleep(10ms);
    co_await parked.send(Unit{});
}

TEST(RWMutexUnlock, LetsEveryWaitingReaderInBeforeTheNextWriter) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec));
    auto log = std::make_shared<Log>();
    RWMutex rw(rt, "rw");
    auto parked = make_chan<Unit>(rt, 0, "parked");
    rt.go(write_first(log, rw, parked), "w1");
    rt.go(start_in_order(log, rw, parked), "starter");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    // r1 and r2 both waited behind w1, w2 too (it came between them): the unlock lets both
    // readers in together, and w2 writes only when the last of them leaves. The unlock readies
    // r1 then r2; as in Go (GOMAXPROCS=1), the last one readied runs first (runnext).
    EXPECT_EQ(log->entries, (Entries{{"w1 unlocks", 1030ms},
                                     {"r2 reads", 1030ms},
                                     {"r1 reads", 1030ms},
                                     {"r1 leaves", 2030ms},
                                     {"r2 leaves", 3030ms},
                                     {"w2 writes", 3030ms}}));
    // What the fold shows along the way (goroutines: w1 1, starter 2, r1 3, w2 4, r2 5). Before
    // the unlock: w1 writes, r1, w2 and r2 wait in the order they came.
    const auto unlocks = events_of(rec, EventKind::MutexUnlock, rw.id());
    ASSERT_EQ(unlocks.size(), 2U);
    const goro::WorldState before = goro::fold_events(rec, unlocks[0].seq);
    EXPECT_EQ(before.mutex_holders.at(rw.id()), 1U);
    EXPECT_EQ(before.waiters_of(rw.id()), (std::vector<GoroutineId>{3, 4, 5}));
    EXPECT_EQ(goro::as_mutex_unlock(unlocks[0])->handed_to, 0U);  // readers first
    // Both readers in at once.
    std::uint64_t seq_two_readers = 0;
    for (const goro::Event& e : events_of(rec, EventKind::RWMutexRLock, rw.id())) {
        if (goro::as_rwmutex_read(e)->readers_after == 2) seq_two_readers = e.seq;
    }
    ASSERT_NE(seq_two_readers, 0U);
    const goro::WorldState two = goro::fold_events(rec, seq_two_readers + 1);
    EXPECT_EQ(two.rw_readers.at(rw.id()), (std::vector<GoroutineId>{3, 5}));
    EXPECT_EQ(two.mutex_holders.count(rw.id()), 0U);
    // r1 gone: r2 still reads, and w2 is the one waiting, to write.
    const auto runlocks = events_of(rec, EventKind::RWMutexRUnlock, rw.id());
    ASSERT_EQ(runlocks.size(), 2U);
    const goro::WorldState one = goro::fold_events(rec, runlocks[0].seq + 1);
    EXPECT_EQ(one.rw_readers.at(rw.id()), (std::vector<GoroutineId>{5}));
    ASSERT_EQ(one.waiters_of(rw.id()), (std::vector<GoroutineId>{4}));
    EXPECT_EQ(one.goroutine(4)->reason, BlockReason::RWMutexLock);
    EXPECT_EQ(goro::as_rwmutex_read(runlocks[1])->handed_to, 4U);  // the last reader hands over
    // At the end: nobody holds it, nobody waits.
    const goro::WorldState end = goro::fold_events(rec);
    EXPECT_EQ(end.rw_readers.count(rw.id()), 0U);
    EXPECT_EQ(end.mutex_holders.count(rw.id()), 0U);
    EXPECT_TRUE(end.waiters_of(rw.id()).empty());
}

// ---------------------------------------------------------------------------------------------
// TryLock and TryRLock (the twin's last lines)

Task<> tries(LogPtr log, RWMutex rw) {
    log->add(std::string("TryLock on free: ") + (rw.try_lock() ? "true" : "false"), now());
    log->add(std::string("TryRLock while written: ") + (rw.try_rlock() ? "true" : "false"), now());
    rw.unlock();
    const bool a = rw.try_rlock();
    const bool b = rw.try_rlock();
    log->add(std::string("TryRLock on free: ") + (a ? "true " : "false ") + (b ? "true" : "false"),
             now());
    log->add(std::string("TryLock while read: ") + (rw.try_lock() ? "true" : "false"), now());
    log->add("readers " + std::to_string(rw.readers()), now());
    co_return;
}

// Go 1.19 twin: "TryLock on free: true", "TryRLock while written: false",
// "TryRLock on free: true true", "TryLock while read: false".
TEST(RWMutexTry, SucceedOnlyWhenGoWouldLetThemIn) {
    const auto body = [](goro::Runtime& rt, LogPtr log) { return tries(log, RWMutex(rt)); };
    EXPECT_EQ(logged_run(body, "trier"), (Entries{{"TryLock on free: true", 0ns},
                                                  {"TryRLock while written: false", 0ns},
                                                  {"TryRLock on free: true true", 0ns},
                                                  {"TryLock while read: false", 0ns},
                                                  {"readers 2", 0ns}}));
}

// ---------------------------------------------------------------------------------------------
// Fatal errors and deadlocks

Task<> runlock_unlocked(RWMutex rw) {
    rw.runlock();
    co_return;
}
Task<> unlock_unlocked(RWMutex rw) {
    rw.unlock();
    co_return;
}
Task<> runlock_after_write(RWMutex rw) {
    co_await rw.lock();
    rw.runlock();  // a writer's lock is not a read lock
}

// Go 1.19 twin, `main.go runlock`: "fatal error: sync: RUnlock of unlocked RWMutex", exit 2.
TEST_P(BothModes, RUnlockOfAnUnlockedRWMutexIsAFatalError) {
    goro::Runtime rt(options(GetParam()));
    rt.go(runlock_unlocked(RWMutex(rt)), "reader");
    const goro::RunResult r = rt.run();
    EXPECT_TRUE(fatal_with(r, "sync: RUnlock of unlocked RWMutex", "reader"));
    EXPECT_EQ(r.describe(),
              "fatal error: sync: RUnlock of unlocked RWMutex (in goroutine 1, reader)\n");
}

TEST_P(BothModes, RUnlockWhileWriteLockedIsAFatalError) {
    goro::Runtime rt(options(GetParam()));
    rt.go(runlock_after_write(RWMutex(rt)), "writer");
    EXPECT_TRUE(fatal_with(rt.run(), "sync: RUnlock of unlocked RWMutex", "writer"));
}

// Go 1.19 twin, `main.go unlock`: "fatal error: sync: Unlock of unlocked RWMutex", exit 2.
TEST_P(BothModes, UnlockOfAnUnlockedRWMutexIsAFatalError) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    rt.go(unlock_unlocked(RWMutex(rt)), "writer");
    EXPECT_TRUE(fatal_with(rt.run(), "sync: Unlock of unlocked RWMutex", "writer"));
    EXPECT_TRUE(events_of(rec, EventKind::GoPanic).empty());  // not a panic: nothing recovers it
}

Task<> lock_waits_for_reader(RWMutex rw) {
    co_await rw.lock();
}
Task<> read_behind_writer(RWMutex rw) {
    co_await goro::sleep(20ms);
    co_await rw.rlock();
}
Task<> main_reads_twice(RWMutex rw) {
    co_await rw.rlock();
    goro::go(lock_waits_for_reader(rw), "writer");
    goro::go(read_behind_writer(rw), "late reader");
    co_await goro::sleep(40ms);
    co_await rw.rlock();  // a recursive read lock deadlocks once a writer waits
}

// Go 1.19 twin, `main.go deadlock`: "fatal error: all goroutines are asleep - deadlock!", then
// goroutine 1 (main, in its second RLock), the writer and the late reader, all "[semacquire]"
// (Go 1.20 would print "[sync.RWMutex.RLock]" and "[sync.RWMutex.Lock]").
TEST_P(BothModes, ARecursiveReadLockDeadlocksBehindAWaitingWriter) {
    goro::Runtime rt(options(GetParam()));
    RWMutex rw(rt, "rw");
    rt.go_main(main_reads_twice(rw));
    const goro::RunResult r = rt.run();
    ASSERT_EQ(r.status, RunStatus::Deadlock) << r.describe();
    EXPECT_EQ(r.message, "all goroutines are asleep - deadlock!");
    ASSERT_EQ(r.stuck.size(), 3U);
    EXPECT_EQ(r.stuck[0].reason, BlockReason::RWMutexRLock);  // main
    EXPECT_EQ(r.stuck[1].reason, BlockReason::RWMutexLock);   // writer
    EXPECT_EQ(r.stuck[2].reason, BlockReason::RWMutexRLock);  // late reader
    for (const goro::StuckGoroutine& s : r.stuck)
        EXPECT_EQ(s.object, rw.id());
    EXPECT_EQ(r.describe(),
              "fatal error: all goroutines are asleep - deadlock!\n"
              "goroutine 1 [semacquire]: main\n"
              "goroutine 2 [semacquire]: writer\n"
              "goroutine 3 [semacquire]: late reader\n");
    EXPECT_EQ(rw.readers(), 1);
}

}  // namespace
