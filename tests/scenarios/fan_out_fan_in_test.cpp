// fan-out-fan-in: the fan-in delivers exactly the squares of what the generator sent, each
// once; W workers divide the time by W; a timeout stops every goroutine through ctx.Done(); a clean
// end on real threads; the same seed gives the same run.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

std::vector<std::int64_t> squares(int n) {
    std::vector<std::int64_t> out;
    for (std::int64_t x = 1; x <= n; ++x)
        out.push_back(x * x);
    return out;
}

// The values that went through each channel, by name, collected ones included (FanOut's
// outputs are unreachable once their copiers are done).
std::map<std::string, std::uint64_t> traffic(const gorama::testing::ScenarioRun& run) {
    std::map<std::string, std::uint64_t> out;
    for (const goro::ChannelStats& c : run.metrics().channels())
        out[c.name] = c.values;
    return out;
}

TEST(FanOutFanIn, FanInDeliversExactlyTheSquaresOfTheInput) {
    auto run =
        run_scenario("fan-out-fan-in", {"items=200", "workers=5", "work_time=30ms", "jitter=0.9"});
    ASSERT_TRUE(completed_cleanly(run.result));
    expect_counters(run, {{"completed", 200}, {"timeouts", 0}});
    std::vector<std::int64_t> got = observed(run, "result");
    // With this much jitter results overtake each other ...
    EXPECT_NE(got, squares(200));
    // ... but the multiset is exactly the squares of 1..200, each once.
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, squares(200));
    // Fan-out: the five workers shared the input's 200 values; fan-in: every output's values
    // reached the merged channel.
    const auto t = traffic(run);
    EXPECT_EQ(t.at("input"), 200u);
    EXPECT_EQ(t.at("merged"), 200u);
    std::uint64_t out_total = 0;
    for (int i = 1; i <= 5; ++i) {
        const std::uint64_t values = t.at("out " + std::to_string(i));
        EXPECT_GT(values, 0u) << "worker " << i << " got no work";
        out_total += values;
    }
    EXPECT_EQ(out_total, 200u);
}

TEST(FanOutFanIn, WorkersDivideTheTime) {
    // No jitter: W workers square N values in ceil(N/W) rounds of the work time.
    for (const int workers : {1, 4, 7}) {
        auto run = run_scenario("fan-out-fan-in", {"items=50", "workers=" + std::to_string(workers),
                                                   "work_time=100ms", "jitter=0"});
        ASSERT_TRUE(completed_cleanly(run.result));
        const int rounds = (50 + workers - 1) / workers;
        EXPECT_EQ(run.result.time, goro::Time(std::chrono::milliseconds(rounds * 100)))
            << workers << " workers";
        EXPECT_EQ(run.counter("completed"), 50);
    }
}

TEST(FanOutFanIn, TheTimeoutStopsEveryGoroutineThroughCtxDoneAtThatInstant) {
    // 4 workers at 100 ms a value: 40 values are done at 1 s, the timeout fires at 1.05 s, long
    // before the 100 values could be. The workers in their work's select, the generator in its
    // send's, leave at once; the copiers of FanIn when their worker closes its output.
    auto run = run_scenario("fan-out-fan-in", {"items=100", "workers=4", "work_time=100ms",
                                               "jitter=0", "timeout=1050ms"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.result.time, goro::Time(1050ms));
    expect_counters(run, {{"timeouts", 1}, {"completed", 40}});
    // The first 40 values, taken in order by the workers.
    EXPECT_EQ(sorted_observed(run, "result"), squares(40));
    // Every goroutine ended, and every channel of the run was closed on the way out.
    const goro::WorldState w = run.world();
    for (const auto& [id, g] : w.goroutines)
        EXPECT_EQ(g.state, goro::GoState::Finished) << g.name;
    for (const auto& [id, c] : w.channels) {
        if (c.name == "input" || c.name == "merged" || c.name.rfind("out ", 0) == 0) {
            EXPECT_TRUE(c.closed) << c.name;
        }
    }
}

TEST(FanOutFanIn, WithoutATimeoutEveryValueArrives) {
    // The same run with no deadline: the squares of 1..100, each once.
    auto run =
        run_scenario("fan-out-fan-in", {"items=100", "workers=4", "work_time=100ms", "jitter=0"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(sorted_observed(run, "result"), squares(100));
}

TEST(FanOutFanIn, ATimeoutLaterThanTheWorkDoesNotFire) {
    auto run = run_scenario(
        "fan-out-fan-in", {"items=20", "workers=4", "work_time=100ms", "jitter=0", "timeout=10s"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.result.time, goro::Time(500ms));
    expect_counters(run, {{"timeouts", 0}, {"completed", 20}});
}

TEST(FanOutFanIn, RunsCleanOnTheParallelRuntime) {
    auto run = run_parallel("fan-out-fan-in", {"items=60", "workers=4", "work_time=20ms"});
    EXPECT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.counter("completed"), 60);
    EXPECT_EQ(sorted_observed(run, "result"), squares(60));
}

TEST(FanOutFanIn, TheTimeoutEndsCleanOnTheParallelRuntime) {
    // 1000 values at 20 ms on 4 workers need 5 s; the timeout fires at 0.5 s. At speed 50 that
    // is 10 ms of wall time against 100 ms: at the harness's 1000 the margin was 4.5 ms, which a
    // loaded machine took, so every value came before the timeout.
    auto run = run_parallel("fan-out-fan-in",
                            {"items=1000", "workers=4", "work_time=20ms", "timeout=500ms"}, 50.0);
    EXPECT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.counter("timeouts"), 1);
    EXPECT_LT(run.counter("completed"), 1000);
    EXPECT_GE(run.result.time, goro::Time(500ms));
}

TEST(FanOutFanIn, TheSameSeedGivesTheSameRun) {
    const std::vector<std::string> sets = {"items=80", "workers=6", "jitter=0.5"};
    const auto [a, b] = run_twice("fan-out-fan-in", sets, 5);
    auto c = run_scenario("fan-out-fan-in", sets, goro::Duration(0), goro::Mode::Deterministic, 6);
    ASSERT_EQ(a.result.status, goro::RunStatus::Completed) << a.result.describe();
    EXPECT_EQ(observed(a, "result"), observed(b, "result"));
    EXPECT_EQ(a.result.time, b.result.time);
    EXPECT_NE(observed(a, "result"), observed(c, "result"));
}

}  // namespace
