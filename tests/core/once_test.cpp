// Once: Go's sync.Once for goroutines, on both runtimes.
//
// The twin is go_twins/once/main.go (Go 1.19.8); each test says which of its outputs it mirrors.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "goro/goro.hpp"
#include "goro/world_state.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

INSTANTIATE_TEST_SUITE_P(Once, BothModes, both_modes(), mode_name);

struct Runs {
    std::atomic<int> f{0};
};

Task<> slow_init(std::shared_ptr<Runs> runs, LogPtr log, int caller) {
    co_await goro::sleep(1s);  // f itself blocks: the others must wait for it, not skip it
    runs->f.fetch_add(1);
    log->add("f ran in caller " + std::to_string(caller), now());
}

Task<> caller(std::shared_ptr<Runs> runs, LogPtr log, Once once, int i) {
    // Lambdas are named before the co_await: GCC 12 mishandles temporaries across one.
    const auto f = [runs, log, i] { return slow_init(runs, log, i); };
    co_await once.call(f);
    // Whoever returns has seen f's effects.
    log->add("caller " + std::to_string(i) + " returned, f ran " + std::to_string(runs->f.load()) +
                 " time",
             now());
}

Task<> start_callers(std::shared_ptr<Runs> runs, LogPtr log, Once once) {
    for (int i = 1; i <= 3; ++i) {
        goro::go(caller(runs, log, once, i), "caller " + std::to_string(i));
        co_await goro::sleep(1ms);
    }
}

// Go 1.19 twin (first part): "f ran in caller 1", then callers 1, 2 and 3 each "returned after
// 100ms": the ones that came while f ran waited for it to finish.
TEST_P(BothModes, FRunsOnceAndLateCallersWaitForItToFinish) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    auto runs = std::make_shared<Runs>();
    auto log = std::make_shared<Log>();
    Once once(rt, "once");
    rt.go(start_callers(runs, log, once), "starter");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    EXPECT_EQ(runs->f.load(), 1);
    EXPECT_TRUE(once.done());
    ASSERT_EQ(log->size(), 4U);
    // On real threads caller 2 may start before caller 1, a wall microsecond later, runs f.
    EXPECT_TRUE(log->entries[0].first.starts_with("f ran in caller ")) << log->entries[0].first;
    for (std::size_t i = 1; i < 4; ++i) {
        EXPECT_TRUE(log->entries[i].first.ends_with("returned, f ran 1 time"));
        EXPECT_GE(log->entries[i].second, 1s);  // nobody returned before f had
    }
    if (deterministic()) {
        EXPECT_EQ(log->entries, (Entries{{"f ran in caller 1", 1s},
                                         {"caller 1 returned, f ran 1 time", 1s},
                                         {"caller 2 returned, f ran 1 time", 1s},
                                         {"caller 3 returned, f ran 1 time", 1s}}));
        // The fold while f runs: caller 1 holds the once's mutex, 2 and 3 wait on it (Go 1.19's
        // "semacquire").
        const auto blocks = events_of(rec, EventKind::GoBlock, once.id());
        ASSERT_EQ(blocks.size(), 2U);
        const goro::WorldState w = goro::fold_events(rec, blocks.back().seq + 1);
        EXPECT_EQ(w.goroutine(w.mutex_holders.at(once.id()))->name, "caller 1");
        ASSERT_EQ(w.waiters_of(once.id()).size(), 2U);
        EXPECT_EQ(w.goroutine(w.waiters_of(once.id())[0])->name, "caller 2");
        EXPECT_EQ(w.goroutine(w.waiters_of(once.id())[0])->reason, BlockReason::Mutex);
    }
}

Task<> panicking_once(LogPtr log, Once once) {
    try {
        const auto boom = [] { goro::panic("boom"); };
        co_await once.call(boom);
    } catch (const goro::Panic& p) {
        log->add(std::string("recovered: ") + p.what(), now());
    }
    const auto second = [log] { log->add("second f ran", now()); };
    co_await once.call(second);
    log->add("after second Do", now());
}

// Go 1.19 twin (second part): "recovered: boom", then "after second Do" and no "second f ran":
// a panicking f still counts as done.
TEST_P(BothModes, APanickingFStillCountsAsDone) {
    goro::Runtime rt(options(GetParam()));
    auto log = std::make_shared<Log>();
    Once once(rt);
    rt.go(panicking_once(log, once), "caller");
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(log->size(), 2U);
    EXPECT_EQ(log->entries[0].first, "recovered: boom");
    EXPECT_EQ(log->entries[1].first, "after second Do");
    EXPECT_TRUE(once.done());
}

Task<> panic_in_once_unrecovered(Once once) {
    co_await goro::sleep(1ms);
    const auto fail = [] { goro::panic("init failed"); };
    co_await once.call(fail);
}

TEST_P(BothModes, APanicInFGoesOnUpItsGoroutine) {
    goro::Runtime rt(options(GetParam()));
    Once once(rt);
    rt.go(panic_in_once_unrecovered(once), "initialiser");
    EXPECT_TRUE(panicked_with(rt.run(), "init failed", "initialiser"));
}

Task<> reenter(Once once) {
    const auto again = [once] {
        const auto nothing = [] {};
        return once.call(nothing);
    };
    co_await once.call(again);
}

// Go: "Because no call to Do returns until the one call to f returns, if f causes Do to be
// called, it will deadlock."
TEST_P(BothModes, CallingDoFromFDeadlocks) {
    goro::Runtime rt(options(GetParam()));
    Once once(rt, "once");
    rt.go(reenter(once), "caller");
    const goro::RunResult r = rt.run();
    ASSERT_TRUE(deadlocked_alone(r, "caller", BlockReason::Mutex));
    EXPECT_EQ(r.stuck[0].object, once.id());
}

}  // namespace
