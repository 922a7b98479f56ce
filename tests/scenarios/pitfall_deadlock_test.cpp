// pitfall-deadlock: main's send before any receiver ends the way Go's would, in a deadlock that
// names main and the jobs channel; a buffer only delays it and starting the receiver first fixes
// it; on the parallel runtime too.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "goro/explain.hpp"
#include "scenario_harness.hpp"

using namespace std::chrono_literals;
using gorama::testing::run_scenario;

namespace {

using namespace gorama::testing;

TEST(PitfallDeadlock, MainBlocksForeverOnItsFirstSend) {
    auto run = run_scenario("pitfall-deadlock", {});
    ASSERT_EQ(run.result.status, goro::RunStatus::Deadlock) << run.result.describe();
    EXPECT_EQ(run.result.message, "all goroutines are asleep - deadlock!");
    ASSERT_EQ(run.result.stuck.size(), 1u) << run.result.describe();
    EXPECT_EQ(run.result.stuck[0].name, "main");
    EXPECT_EQ(run.result.stuck[0].reason, goro::BlockReason::ChanSend);
    EXPECT_EQ(run.result.stuck[0].object_name, "jobs");
    EXPECT_EQ(run.result.time, goro::Time(0));
    EXPECT_EQ(run.counter("completed"), 0);
    const std::string explained = joined(goro::explain(run.result));
    EXPECT_NE(explained.find("main is blocked forever sending on jobs"), std::string::npos)
        << explained;
}

TEST(PitfallDeadlock, ABufferOnlyDelaysTheDeadlockUntilItIsFull) {
    auto run = run_scenario("pitfall-deadlock", {"jobs=5", "buffer=3"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Deadlock) << run.result.describe();
    ASSERT_EQ(run.result.stuck.size(), 1u) << run.result.describe();
    EXPECT_EQ(run.result.stuck[0].name, "main");
    EXPECT_EQ(run.result.stuck[0].object_name, "jobs");
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
    EXPECT_EQ(roomy.result.status, goro::RunStatus::Completed) << roomy.result.describe();
    EXPECT_TRUE(roomy.result.stuck.empty()) << roomy.result.describe();
    EXPECT_EQ(roomy.counter("completed"), 5);
}

TEST(PitfallDeadlock, StartingTheReceiverFirstFixesIt) {
    auto run = run_scenario("pitfall-deadlock", {"jobs=7", "work_time=50ms", "fix=true"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
    EXPECT_EQ(run.counter("completed"), 7);
    EXPECT_EQ(observed(run, "job"), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(run.result.time, goro::Time(7 * 50ms));
}

TEST(PitfallDeadlock, DeadlocksAndIsFixedOnTheParallelRuntime) {
    auto broken = run_scenario("pitfall-deadlock", {}, goro::Duration(0), goro::Mode::Parallel);
    ASSERT_EQ(broken.result.status, goro::RunStatus::Deadlock) << broken.result.describe();
    EXPECT_EQ(broken.result.message, "all goroutines are asleep - deadlock!");
    ASSERT_EQ(broken.result.stuck.size(), 1u) << broken.result.describe();
    EXPECT_EQ(broken.result.stuck[0].name, "main");
    EXPECT_EQ(broken.result.stuck[0].object_name, "jobs");

    auto fixed = run_scenario("pitfall-deadlock", {"jobs=20", "fix=true"}, goro::Duration(0),
                              goro::Mode::Parallel);
    EXPECT_EQ(fixed.result.status, goro::RunStatus::Completed) << fixed.result.describe();
    EXPECT_TRUE(fixed.result.stuck.empty()) << fixed.result.describe();
    EXPECT_EQ(fixed.counter("completed"), 20);
}

TEST(PitfallDeadlock, TheSameSeedGivesTheSameRun) {
    for (const char* fix : {"fix=false", "fix=true"}) {
        auto a = run_scenario("pitfall-deadlock", {fix}, goro::Duration(0),
                              goro::Mode::Deterministic, 9);
        auto b = run_scenario("pitfall-deadlock", {fix}, goro::Duration(0),
                              goro::Mode::Deterministic, 9);
        EXPECT_EQ(a.recorder->published(), b.recorder->published()) << fix;
        EXPECT_EQ(a.result.status, b.result.status) << fix;
    }
}

}  // namespace
