// pitfall-deadlock: main's send before any receiver ends the way Go's would, in a deadlock that
// names main and the jobs channel; a buffer only delays it and starting the receiver first fixes
// it; on the parallel runtime too.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "goro/explain.hpp"
#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

// The run ended in a deadlock with main the one goroutine stuck, waiting on jobs; a failure shows
// how it ended.
::testing::AssertionResult main_alone_deadlocked_on_jobs(const goro::RunResult& r) {
    if (r.status == goro::RunStatus::Deadlock && r.stuck.size() == 1 && r.stuck[0].name == "main" &&
        r.stuck[0].object_name == "jobs") {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "the run ended: " << r.describe();
}

TEST(PitfallDeadlock, MainBlocksForeverOnItsFirstSend) {
    auto run = run_scenario("pitfall-deadlock", {});
    ASSERT_TRUE(main_alone_deadlocked_on_jobs(run.result));
    EXPECT_EQ(run.result.message, "all goroutines are asleep - deadlock!");
    EXPECT_EQ(run.result.stuck[0].reason, goro::BlockReason::ChanSend);
    EXPECT_EQ(run.result.time, goro::Time(0));
    EXPECT_EQ(run.counter("completed"), 0);
    const std::string explained = joined(goro::explain(run.result));
    EXPECT_NE(explained.find("main is blocked forever sending on jobs"), std::string::npos)
        << explained;
}

TEST(PitfallDeadlock, ABufferOnlyDelaysTheDeadlockUntilItIsFull) {
    auto run = run_scenario("pitfall-deadlock", {"jobs=5", "buffer=3"});
    ASSERT_TRUE(main_alone_deadlocked_on_jobs(run.result));
    const goro::WorldState w = run.world();
    bool seen = false;
    for (const auto& [id, c] : w.channels) {
        if (c.name != "jobs") continue;
        seen = true;
        EXPECT_EQ(c.sends, 3u);  // the fourth send waits forever
        EXPECT_EQ(c.buffer.size(), 3u);
        EXPECT_EQ(c.senders.size(), 1u);
    }
    EXPECT_TRUE(seen);

    // A buffer that holds every job hides the bug: main never blocks.
    auto roomy = run_scenario("pitfall-deadlock", {"jobs=5", "buffer=5", "work_time=10ms"});
    EXPECT_TRUE(completed_cleanly(roomy.result));
    EXPECT_EQ(roomy.counter("completed"), 5);
}

TEST(PitfallDeadlock, StartingTheReceiverFirstFixesIt) {
    auto run = run_scenario("pitfall-deadlock", {"jobs=7", "work_time=50ms", "fix=true"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.counter("completed"), 7);
    EXPECT_EQ(observed(run, "job"), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(run.result.time, goro::Time(7 * 50ms));
}

TEST(PitfallDeadlock, DeadlocksAndIsFixedOnTheParallelRuntime) {
    auto broken = run_parallel("pitfall-deadlock", {});
    ASSERT_TRUE(main_alone_deadlocked_on_jobs(broken.result));
    EXPECT_EQ(broken.result.message, "all goroutines are asleep - deadlock!");

    auto fixed = run_parallel("pitfall-deadlock", {"jobs=20", "fix=true"});
    EXPECT_TRUE(completed_cleanly(fixed.result));
    EXPECT_EQ(fixed.counter("completed"), 20);
}

TEST(PitfallDeadlock, TheSameSeedGivesTheSameRun) {
    for (const char* fix : {"fix=false", "fix=true"}) {
        SCOPED_TRACE(fix);
        const auto [a, b] = run_twice("pitfall-deadlock", {fix}, 9);
        EXPECT_EQ(a.result.status, b.result.status);
    }
}

}  // namespace
