// close-and-range: close and range deliver every value exactly once and end every receiver; the
// run is clean on the parallel runtime and repeats itself under the same seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

// Every receiver goroutine of a run, and whether it finished.
std::vector<std::pair<std::string, goro::GoState>> receivers(
    const gorama::testing::ScenarioRun& run) {
    std::vector<std::pair<std::string, goro::GoState>> out;
    for (const auto& [id, g] : run.world().goroutines) {
        if (g.name.rfind("receiver ", 0) == 0) out.emplace_back(g.name, g.state);
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(CloseAndRange, EveryItemIsReceivedExactlyOnceAndEveryReceiverEnds) {
    auto run = run_scenario("close-and-range", {"items=50", "receivers=4"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(sorted_observed(run, "received"), one_to(50));
    EXPECT_EQ(run.counter("completed"), 50);
    // The work was shared: every receiver took some.
    const std::vector<std::int64_t> who = observed(run, "receiver");
    EXPECT_EQ(std::set<std::int64_t>(who.begin(), who.end()), (std::set<std::int64_t>{1, 2, 3, 4}));
    const auto rs = receivers(run);
    ASSERT_EQ(rs.size(), 4u);
    for (const auto& [name, state] : rs)
        EXPECT_EQ(state, goro::GoState::Finished) << name;
}

TEST(CloseAndRange, WhatIsStillBufferedAtTheCloseIsDelivered) {
    // The sender fills the buffer and closes at once; the receivers drain it afterwards.
    auto run = run_scenario("close-and-range", {"items=20", "buffer=20", "send_interval=0",
                                                "receivers=2", "work_time=100ms", "jitter=0"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(sorted_observed(run, "received"), one_to(20));
    EXPECT_EQ(run.result.time, goro::Time(10 * 100ms));  // 20 items, 2 at a time
}

TEST(CloseAndRange, NoItemsStillEndsEveryReceiver) {
    auto run = run_scenario("close-and-range", {"items=0", "receivers=5"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.counter("completed"), 0);
    EXPECT_EQ(receivers(run).size(), 5u);
    EXPECT_EQ(run.result.time, goro::Time(0));
}

TEST(CloseAndRange, RunsCleanOnTheParallelRuntime) {
    auto run = run_parallel("close-and-range", {"items=60", "receivers=6", "buffer=2"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(sorted_observed(run, "received"), one_to(60));
    for (const auto& [name, state] : receivers(run))
        EXPECT_EQ(state, goro::GoState::Finished) << name;
}

TEST(CloseAndRange, TheSameSeedGivesTheSameRun) {
    const auto [a, b] = run_twice("close-and-range", {}, 4);
    EXPECT_EQ(observed(a, "receiver"), observed(b, "receiver"));
    EXPECT_EQ(a.result.time, b.result.time);
}

}  // namespace
