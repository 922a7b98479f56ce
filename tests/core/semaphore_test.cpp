// Semaphore: x/sync's semaphore.Weighted for goroutines, on both runtimes.
//
// The twin is go_twins/semaphore/main.go (x/sync 0.1.0, Go 1.19.8), whose tenths of a second are
// seconds of the virtual clock here.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/goro.hpp"
#include "goro/world_state.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

INSTANTIATE_TEST_SUITE_P(Semaphore, BothModes, both_modes(), mode_name);

using Lines = std::shared_ptr<Shared<std::string>>;

std::string at() {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now()).count());
}

Task<> big(Lines out, Semaphore sem, WaitGroup wg) {
    co_await goro::sleep(1s);
    const Context ctx = background();  // named: GCC 12 and temporaries across a co_await
    (void)co_await sem.acquire(ctx, 3);
    out->push("big acquired 3 at " + at());
    co_await goro::sleep(1s);
    sem.release(3);
    wg.done();
}

Task<> small(Lines out, Semaphore sem, WaitGroup wg) {
    co_await goro::sleep(2s);
    // On threads the sleeps do not order the goroutines: wait until big is queued, which
    // try_acquire(1) failing with a unit free shows (x/sync's TryAcquire fails for the same
    // reason).
    while (sem.try_acquire(1)) {
        sem.release(1);
        co_await goro::sleep(10ms);
    }
    const Context ctx = background();
    (void)co_await sem.acquire(ctx, 1);
    out->push("small acquired 1 at " + at());
    sem.release(1);
    wg.done();
}

Task<> twin(Lines out, bool exact) {
    Context ctx = background();
    Semaphore sem(3, "sem");
    (void)co_await sem.acquire(ctx, 2);
    out->push("main holds 2 at " + at());
    WaitGroup wg;
    wg.add(2);
    goro::go(big(out, sem, wg), "big");
    goro::go(small(out, sem, wg), "small");
    co_await goro::sleep(2500ms);
    if (exact)
        out->push(std::string("TryAcquire(1) with waiters: ") +
                  (sem.try_acquire(1) ? "true" : "false"));
    co_await goro::sleep(500ms);
    sem.release(2);
    co_await wg.wait();

    (void)co_await sem.acquire(ctx, 3);
    auto [tctx, cancel] = with_timeout(ctx, 1s);
    const ContextError err = co_await sem.acquire(tctx, 1);
    out->push(std::string("Acquire with timeout: ") + context_error_text(err) + " at " + at());
    cancel();
    out->push(std::string("TryAcquire(1) when full: ") + (sem.try_acquire(1) ? "true" : "false"));
    sem.release(3);
    out->push(std::string("TryAcquire(3) when free: ") + (sem.try_acquire(3) ? "true" : "false"));
    try {
        sem.release(4);
    } catch (const Panic& p) {
        out->push(std::string("recovered: ") + p.what());
    }
}

// Go 1.19 twin: "main holds 2 at 0", "TryAcquire(1) with waiters: false", "big acquired 3 at 3",
// "small acquired 1 at 4", "Acquire with timeout: context deadline exceeded at 5",
// "TryAcquire(1) when full: false", "TryAcquire(3) when free: true", "recovered: semaphore:
// released more than held". small asked for a free unit at 2 and still waited for big, which
// came first and needed all three: no overtaking.
TEST_P(BothModes, ALargeWaiterIsNeverOvertakenAndCtxEndsAWait) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    auto out = std::make_shared<Shared<std::string>>();
    rt.go_main(twin(out, deterministic()));
    const goro::RunResult r = rt.run();
    ASSERT_EQ(r.status, RunStatus::Completed) << r.describe();
    if (deterministic()) {
        EXPECT_EQ(
            out->items(),
            (std::vector<std::string>{
                "main holds 2 at 0", "TryAcquire(1) with waiters: false", "big acquired 3 at 3",
                "small acquired 1 at 4", "Acquire with timeout: context deadline exceeded at 5",
                "TryAcquire(1) when full: false", "TryAcquire(3) when free: true",
                "recovered: semaphore: released more than held"}));
        // The fold just before main's release at 3: 2 units in use, big and small parked in
        // their selects (x/sync's), big first.
        const auto releases = events_of(rec, EventKind::SemRelease);
        ASSERT_FALSE(releases.empty());
        const goro::WorldState w = goro::fold_events(rec, releases.front().seq);
        ASSERT_EQ(w.semaphores.size(), 1U);
        EXPECT_EQ(w.semaphores.begin()->second, 2);
        EXPECT_EQ(w.goroutine(2)->reason, BlockReason::Select);  // big
        EXPECT_EQ(w.goroutine(3)->reason, BlockReason::Select);  // small
        // The release grants big at once, in main's call: SemAcquire names big, 3 in use.
        const goro::Event& grant = rec.at(releases.front().seq + 1);
        EXPECT_EQ(grant.kind, EventKind::SemAcquire);
        EXPECT_EQ(grant.g, 2U);
        EXPECT_EQ(goro::as_sem(grant)->used_after, 3);
    } else {
        const std::vector<std::string> lines = out->items();
        ASSERT_EQ(lines.size(), 7U);
        EXPECT_EQ(lines[1].substr(0, 15), "big acquired 3 ");  // before small: no overtaking
        EXPECT_EQ(lines[2].substr(0, 17), "small acquired 1 ");
        EXPECT_EQ(lines[3].substr(0, 50), "Acquire with timeout: context deadline exceeded at");
        EXPECT_EQ(lines.back(), "recovered: semaphore: released more than held");
    }
}

Task<> waiter(Semaphore sem, Context ctx, IntLog got, int label, std::int64_t n) {
    const ContextError err = co_await sem.acquire(ctx, n);
    got->push(err == ContextError::None ? label : -label);
}

Task<> cancel_the_front(Semaphore sem, IntLog got) {
    Context ctx = background();
    (void)co_await sem.acquire(ctx, 2);  // 1 of 3 left
    auto [front_ctx, cancel_front] = with_cancel(ctx, "front");
    goro::go(waiter(sem, front_ctx, got, 1, 3), "front");  // needs 3: waits
    co_await goro::sleep(1s);
    goro::go(waiter(sem, ctx, got, 2, 1), "behind");  // 1 is free, but front came first
    co_await goro::sleep(1s);
    cancel_front();  // front gives up: behind, now at the front and fitting, is served
    co_await goro::sleep(1s);
    sem.release(2);
}

// x/sync: a waiter that gives up at the front of the queue lets the ones behind it that fit in.
TEST_P(BothModes, AWaiterThatGivesUpAtTheFrontLetsTheNextOneIn) {
    goro::Runtime rt(options(GetParam()));
    Semaphore sem(rt, 3, "sem");
    auto got = int_log();
    rt.go_main(cancel_the_front(sem, got));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    std::vector<int> results = got->items();
    if (!deterministic()) std::sort(results.begin(), results.end());  // either may report first
    EXPECT_EQ(results, (std::vector<int>{-1, 2}));
    EXPECT_EQ(sem.used(), 1);  // behind's unit, never released
}

Task<> acquire_forever(Semaphore sem) {
    const Context ctx = background();
    (void)co_await sem.acquire(ctx, 1);
    (void)co_await sem.acquire(ctx, 1);
}

// A Go 1.19 goroutine blocked in Acquire shows as "[select]" in the deadlock dump.
TEST_P(BothModes, AnAcquireNobodyReleasesIsADeadlockInASelect) {
    goro::Runtime rt(options(GetParam()));
    Semaphore sem(rt, 1, "sem");
    rt.go_main(acquire_forever(sem));
    const goro::RunResult r = rt.run();
    ASSERT_TRUE(deadlocked_alone(r, "main", BlockReason::Select));
    EXPECT_EQ(r.stuck[0].object_name, "sem.ready");  // background's Done is nil: not listed
}

}  // namespace
