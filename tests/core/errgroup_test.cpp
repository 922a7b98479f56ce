// ErrGroup: x/sync's errgroup.Group for goroutines, on both runtimes.
//
// The twin is go_twins/errgroup/main.go (x/sync 0.1.0, Go 1.19.8), whose tenths of a second are
// seconds of the virtual clock here.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "goro/event_format.hpp"
#include "goro/goro.hpp"
#include "goro/world_state.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

INSTANTIATE_TEST_SUITE_P(ErrGroup, BothModes, both_modes(), mode_name);

using Lines = std::shared_ptr<Shared<std::string>>;

std::string at(Time base = Time(0)) {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now() - base).count());
}

Task<Error> fail_after(Duration d, std::string message) {
    co_await goro::sleep(d);
    co_return Error(message);
}

// The twin's w3 sleeps until 3; here it waits for the cancel (at 2) and then one more second,
// which on threads too makes its error come after w1's.
Task<Error> fail_after_cancel(Context ctx, Duration d, std::string message) {
    const Chan<Unit> done = ctx.done();
    co_await done.recv();
    co_await goro::sleep(d);
    co_return Error(message);
}

Task<Error> wait_for_cancel(Context ctx, Lines out) {
    const Chan<Unit> done = ctx.done();
    co_await done.recv();
    out->push(std::string("w2 saw ") + context_error_text(ctx.err()) + " at " + at());
    co_return Error(context_error_text(ctx.err()));
}

Task<> first_error(Lines out) {
    auto [g, ctx] = ErrGroup::with_context(background(), "g");
    const ErrGroup::Func w1 = [] { return fail_after(2s, "w1 failed"); };
    const ErrGroup::Func w2 = [ctx, out] { return wait_for_cancel(ctx, out); };
    const ErrGroup::Func w3 = [ctx] { return fail_after_cancel(ctx, 1s, "w3 failed"); };
    co_await g.go(w1, "w1");
    co_await g.go(w2, "w2");
    co_await g.go(w3, "w3");
    const Error err = co_await g.wait();
    out->push("Wait: " + err.text() + " at " + at());
}

// Go 1.19 twin (first part): "w2 saw context canceled at 2", "Wait: w1 failed at 3": the first
// error cancelled the context at once; Wait returned it after the last member, w3, had.
TEST_P(BothModes, TheFirstErrorCancelsTheContextAndWaitReturnsIt) {
    goro::Runtime rt(options(GetParam()));
    auto out = std::make_shared<Shared<std::string>>();
    rt.go_main(first_error(out));
    const goro::RunResult r = rt.run();
    ASSERT_EQ(r.status, RunStatus::Completed) << r.describe();
    if (deterministic()) {
        EXPECT_EQ(out->items(), (std::vector<std::string>{"w2 saw context canceled at 2",
                                                          "Wait: w1 failed at 3"}));
    } else {
        const std::vector<std::string> lines = out->items();
        ASSERT_EQ(lines.size(), 2U);
        EXPECT_EQ(lines[0].substr(0, 27), "w2 saw context canceled at ");
        EXPECT_EQ(lines[1].substr(0, 16), "Wait: w1 failed ");
    }
}

Task<Error> task(Lines out, int i, Time base) {
    out->push("task " + std::to_string(i) + " starts at " + at(base));
    co_await goro::sleep(1s);
    co_return Error();
}

Task<Error> nothing() {
    co_return Error();
}

Task<Error> sleep_a_second() {
    co_await goro::sleep(1s);
    co_return Error();
}

Task<> limited(Lines out, bool exact) {
    ErrGroup l("l");
    l.set_limit(2);
    const Time base = now();
    for (int i = 1; i <= 4; ++i) {
        const ErrGroup::Func f = [out, i, base] { return task(out, i, base); };
        const std::string name = "task " + std::to_string(i);
        co_await l.go(f, name);
        if (i == 2) {
            const ErrGroup::Func none = [] { return nothing(); };
            const bool started = l.try_go(none);
            if (exact) out->push(std::string("TryGo when full: ") + (started ? "true" : "false"));
        }
    }
    const Error err = co_await l.wait();
    out->push("Wait: " + err.text() + " at " + at(base));
    try {
        const ErrGroup::Func f = [] { return sleep_a_second(); };
        co_await l.go(f);
        l.set_limit(1);
    } catch (const Panic& p) {
        out->push(std::string("recovered: ") + p.what());
    }
    (void)co_await l.wait();
}

// Go 1.19 twin (second part): "TryGo when full: false", tasks 1 and 2 start at 0, 3 and 4 at 1,
// "Wait: <nil> at 2", "recovered: errgroup: modify limit while 1 goroutines in the group are
// still active". Go starts task 2 before task 1 (always with GOMAXPROCS=1), and so does the
// deterministic runtime: the goroutine spawned last runs first (runnext).
TEST_P(BothModes, SetLimitMakesGoWaitForASlotAndTryGoRefuse) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    auto out = std::make_shared<Shared<std::string>>();
    rt.go_main(limited(out, deterministic()));
    const goro::RunResult r = rt.run();
    ASSERT_EQ(r.status, RunStatus::Completed) << r.describe();
    std::vector<std::string> lines = out->items();
    if (deterministic()) {
        EXPECT_EQ(lines, (std::vector<std::string>{
                             "TryGo when full: false", "task 2 starts at 0", "task 1 starts at 0",
                             "task 3 starts at 1", "task 4 starts at 1", "Wait: <nil> at 2",
                             "recovered: errgroup: modify limit while 1 goroutines in the group "
                             "are still active"}));
        // The fold as main parks in the third go(): both slots of l.sem taken, two members
        // counted by l.wg.
        goro::ObjectId sem = 0;
        for (const goro::Event& e : events_of(rec, EventKind::ChanMake)) {
            if (rec.text(e.text) == "l.sem") sem = e.object;
        }
        ASSERT_NE(sem, 0U);
        const auto blocks = events_of(rec, EventKind::GoBlock, sem);
        ASSERT_FALSE(blocks.empty());
        const goro::WorldState w = goro::fold_events(rec, blocks.front().seq + 1);
        EXPECT_EQ(w.goroutine(blocks.front().g)->name, "main");
        EXPECT_EQ(w.channel(sem)->buffer.size(), 2U);
        std::vector<std::int64_t> counters;
        for (const auto& [id, counter] : w.wait_groups)
            counters.push_back(counter);
        EXPECT_EQ(counters, (std::vector<std::int64_t>{2}));
    } else {
        ASSERT_EQ(lines.size(), 6U);
        std::sort(lines.begin(), lines.begin() + 4);
        EXPECT_EQ(lines[0].substr(0, 16), "task 1 starts at");
        EXPECT_EQ(lines[3].substr(0, 16), "task 4 starts at");
        EXPECT_EQ(lines[4].substr(0, 12), "Wait: <nil> ");
        EXPECT_EQ(lines[5],
                  "recovered: errgroup: modify limit while 1 goroutines in the group are still "
                  "active");
    }
}

Task<Error> exit_early() {
    goro::goexit();
    co_return Error("never");
}

Task<> member_exits(Lines out) {
    ErrGroup g("g");
    const ErrGroup::Func f = [] { return exit_early(); };
    co_await g.go(f);
    const Error err = co_await g.wait();
    out->push("Wait: " + err.text());
}

// A member that calls goexit() still runs x/sync's deferred done(): Wait returns, with nil.
TEST_P(BothModes, AMemberThatCallsGoexitCountsAsDone) {
    goro::Runtime rt(options(GetParam()));
    auto out = std::make_shared<Shared<std::string>>();
    rt.go_main(member_exits(out));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(out->items(), (std::vector<std::string>{"Wait: <nil>"}));
}

// ---------------------------------------------------------------------------------------------
// Determinism: a program using every new primitive at once gives the same stream for the seed.

Task<Error> mixed_member(int i, RWMutex rw, Semaphore sem, Mutex mu, Cond c,
                         std::shared_ptr<int> arrived) {
    const Context ctx = background();
    (void)co_await sem.acquire(ctx, 1 + i % 2);
    if (i % 3 == 0) {
        co_await rw.lock();
        co_await goro::sleep(std::chrono::milliseconds(1 + i));
        rw.unlock();
    } else {
        co_await rw.rlock();
        co_await goro::sleep(std::chrono::milliseconds(2));
        rw.runlock();
    }
    sem.release(1 + i % 2);
    co_await mu.lock();
    ++*arrived;
    c.broadcast();
    mu.unlock();
    co_return i == 5 ? Error("member 5 failed") : Error();
}

Task<> signal_soon(Mutex mu, Cond c) {
    co_await mu.lock();
    c.signal();
    mu.unlock();
}

Task<> mixed_main(std::shared_ptr<Shared<std::string>> out) {
    RWMutex rw("rw");
    Semaphore sem(3, "sem");
    Mutex mu("mu");
    Cond c(mu, "c");
    auto arrived = std::make_shared<int>(0);
    auto [g, ctx] = ErrGroup::with_context(background(), "g");
    g.set_limit(4);
    for (int i = 0; i < 12; ++i) {
        const ErrGroup::Func f = [i, rw, sem, mu, c, arrived] {
            return mixed_member(i, rw, sem, mu, c, arrived);
        };
        const std::string name = "member " + std::to_string(i);
        co_await g.go(f, name);
    }
    const std::function<Task<>()> late = [mu, c] { return signal_soon(mu, c); };
    Timer t = goro::after_func(std::chrono::milliseconds(3), late);
    co_await mu.lock();
    while (*arrived < 12)
        co_await c.wait();
    mu.unlock();
    const Error err = co_await g.wait();
    out->push(err.text());
}

std::string mixed_stream(std::uint64_t seed) {
    goro::Recorder rec;
    goro::Runtime rt(options(Mode::Deterministic, &rec, seed));
    auto out = std::make_shared<Shared<std::string>>();
    rt.go_main(mixed_main(out));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(out->items(), (std::vector<std::string>{"member 5 failed"}));
    std::ostringstream stream;
    goro::write_events_jsonl(stream, rec);
    return stream.str();
}

TEST(SyncDeterminism, SameSeedGivesTheSameEventStreamByteForByte) {
    const std::string first = mixed_stream(7);
    EXPECT_GT(first.size(), 10'000U);
    EXPECT_EQ(first, mixed_stream(7));
    for (const char* kind : {"RWMutexRLock", "RWMutexRUnlock", "CondSignal", "SemAcquire",
                             "SemRelease", "SyncMake", "TimerFire"})
        EXPECT_NE(first.find(kind), std::string::npos) << kind;
}

}  // namespace
