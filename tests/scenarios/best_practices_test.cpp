// best practices: a buffer absorbs bursts (and never loses or reorders an item), close and range
// deliver every value exactly once and end every receiver, a CPU-bound pool is capped by the
// cores; each runs clean on the parallel runtime and repeats itself under the same seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "goro/explain.hpp"
#include "scenario_harness.hpp"

using namespace std::chrono_literals;
using gorama::testing::run_scenario;

namespace {

using namespace gorama::testing;

std::vector<std::int64_t> one_to(int n) {
    std::vector<std::int64_t> out;
    for (int i = 1; i <= n; ++i)
        out.push_back(i);
    return out;
}

// --- buffered-vs-unbuffered --------------------------------------------------------------------

TEST(BufferedVsUnbuffered, BothPairsDeliverEveryItemInOrder) {
    auto run = run_scenario("buffered-vs-unbuffered", {"items=40"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
    EXPECT_EQ(observed(run, "unbuffered"), one_to(40));
    EXPECT_EQ(observed(run, "buffered"), one_to(40));
    EXPECT_EQ(run.counter("completed_unbuffered"), 40);
    EXPECT_EQ(run.counter("completed_buffered"), 40);
    EXPECT_EQ(run.counter("completed"), 80);
    EXPECT_EQ(run.metrics().latency_count(), 80u);
    // The buffered pair is done first.
    const auto unbuffered = observed(run, "finished_unbuffered");
    const auto buffered = observed(run, "finished_buffered");
    ASSERT_EQ(unbuffered.size(), 1u);
    ASSERT_EQ(buffered.size(), 1u);
    EXPECT_LT(buffered[0], unbuffered[0]);
}

TEST(BufferedVsUnbuffered, TheBufferedPairDoesMoreInTheSameTimeWithBurstyJitteredDelays) {
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
        auto run =
            run_scenario("buffered-vs-unbuffered", {"items=100000", "pattern=bursty", "jitter=0.5"},
                         60s, goro::Mode::Deterministic, seed);
        ASSERT_EQ(run.result.status, goro::RunStatus::Paused) << run.result.describe();
        const auto unbuffered = run.counter("completed_unbuffered");
        const auto buffered = run.counter("completed_buffered");
        EXPECT_GE(buffered, unbuffered) << "seed " << seed;
        // A burst of five costs the unbuffered pair four consume times plus the pause (900ms);
        // the buffered pair overlaps them (about 500ms): well over a third more items.
        EXPECT_GT(buffered * 3, unbuffered * 4)
            << "seed " << seed << ": " << buffered << " vs " << unbuffered;
        // Whatever was delivered was delivered in order.
        EXPECT_EQ(observed(run, "unbuffered"), one_to(static_cast<int>(unbuffered)));
        EXPECT_EQ(observed(run, "buffered"), one_to(static_cast<int>(buffered)));
    }
}

TEST(BufferedVsUnbuffered, SteadyArrivalsWithoutJitterDrawLevel) {
    auto run =
        run_scenario("buffered-vs-unbuffered", {"items=100000", "pattern=steady", "jitter=0"}, 10s);
    const auto unbuffered = run.counter("completed_unbuffered");
    const auto buffered = run.counter("completed_buffered");
    EXPECT_GE(buffered, unbuffered);
    EXPECT_LE(buffered - unbuffered, 1) << buffered << " vs " << unbuffered;
    EXPECT_GE(unbuffered, 98);  // one item every 100ms, the first one after 200ms
}

TEST(BufferedVsUnbuffered, RunsCleanOnTheParallelRuntime) {
    auto run = run_scenario("buffered-vs-unbuffered", {"items=30"}, goro::Duration(0),
                            goro::Mode::Parallel);
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    // Nothing is blocked for good. On threads, the consumer that just handed main its "done"
    // may not have returned yet when main does: alive and runnable, not leaked.
    for (const goro::StuckGoroutine& g : run.result.stuck)
        EXPECT_EQ(g.reason, goro::BlockReason::None) << run.result.describe();
    EXPECT_TRUE(goro::explain(run.result).empty()) << run.result.describe();
    EXPECT_EQ(observed(run, "unbuffered"), one_to(30));
    EXPECT_EQ(observed(run, "buffered"), one_to(30));
    EXPECT_EQ(run.counter("completed"), 60);
}

TEST(BufferedVsUnbuffered, TheSameSeedGivesTheSameRun) {
    auto a = run_scenario("buffered-vs-unbuffered", {}, goro::Duration(0),
                          goro::Mode::Deterministic, 11);
    auto b = run_scenario("buffered-vs-unbuffered", {}, goro::Duration(0),
                          goro::Mode::Deterministic, 11);
    auto c = run_scenario("buffered-vs-unbuffered", {}, goro::Duration(0),
                          goro::Mode::Deterministic, 12);
    ASSERT_EQ(a.result.status, goro::RunStatus::Completed) << a.result.describe();
    EXPECT_EQ(a.recorder->published(), b.recorder->published());
    EXPECT_EQ(a.result.time, b.result.time);
    EXPECT_EQ(observed(a, "finished_unbuffered"), observed(b, "finished_unbuffered"));
    EXPECT_NE(observed(a, "finished_unbuffered"), observed(c, "finished_unbuffered"));
}

// --- close-and-range ---------------------------------------------------------------------------

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
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
    std::vector<std::int64_t> got = observed(run, "received");
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, one_to(50));
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
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
    std::vector<std::int64_t> got = observed(run, "received");
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, one_to(20));
    EXPECT_EQ(run.result.time, goro::Time(10 * 100ms));  // 20 items, 2 at a time
}

TEST(CloseAndRange, NoItemsStillEndsEveryReceiver) {
    auto run = run_scenario("close-and-range", {"items=0", "receivers=5"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
    EXPECT_EQ(run.counter("completed"), 0);
    EXPECT_EQ(receivers(run).size(), 5u);
    EXPECT_EQ(run.result.time, goro::Time(0));
}

TEST(CloseAndRange, RunsCleanOnTheParallelRuntime) {
    auto run = run_scenario("close-and-range", {"items=60", "receivers=6", "buffer=2"},
                            goro::Duration(0), goro::Mode::Parallel);
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
    std::vector<std::int64_t> got = observed(run, "received");
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, one_to(60));
    for (const auto& [name, state] : receivers(run))
        EXPECT_EQ(state, goro::GoState::Finished) << name;
}

TEST(CloseAndRange, TheSameSeedGivesTheSameRun) {
    auto a = run_scenario("close-and-range", {}, goro::Duration(0), goro::Mode::Deterministic, 4);
    auto b = run_scenario("close-and-range", {}, goro::Duration(0), goro::Mode::Deterministic, 4);
    EXPECT_EQ(a.recorder->published(), b.recorder->published());
    EXPECT_EQ(observed(a, "receiver"), observed(b, "receiver"));
    EXPECT_EQ(a.result.time, b.result.time);
}

// --- pool-size-vs-cores ------------------------------------------------------------------------

TEST(PoolSizeVsCores, ThroughputGrowsWithWorkersUpToTheSimulatedCores) {
    // Deterministic: the cores are simulated, the time is virtual: 40 tasks of 5ms take
    // ceil(40 / min(workers, cores)) x 5ms.
    struct Case {
        int workers, cores, tasks, ms;
    };
    for (const Case c : {Case{1, 2, 40, 5}, Case{2, 2, 40, 5}, Case{4, 2, 40, 5},
                         Case{16, 2, 40, 5}, Case{3, 4, 10, 7}, Case{8, 8, 41, 1}}) {
        auto run = run_scenario(
            "pool-size-vs-cores",
            {"workers=" + std::to_string(c.workers), "cores=" + std::to_string(c.cores),
             "tasks=" + std::to_string(c.tasks), "work_ms=" + std::to_string(c.ms) + "ms"});
        ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
        EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
        EXPECT_EQ(run.counter("completed"), c.tasks);
        const int lanes = std::min(c.workers, c.cores);
        const int rounds = (c.tasks + lanes - 1) / lanes;
        EXPECT_EQ(run.result.time, goro::Time(std::chrono::milliseconds(rounds * c.ms)))
            << c.workers << " workers on " << c.cores << " cores";
    }
}

TEST(PoolSizeVsCores, DoesEveryTaskOnTheParallelRuntime) {
    EXPECT_TRUE(gorama::find_scenario("pool-size-vs-cores")->info().real_cpu_work);
    for (const int workers : {1, 2, 4}) {
        auto run = run_scenario("pool-size-vs-cores",
                                {"workers=" + std::to_string(workers), "tasks=20", "work_ms=2ms"},
                                goro::Duration(0), goro::Mode::Parallel);
        ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
        EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
        EXPECT_EQ(run.counter("completed"), 20) << workers << " workers";
        EXPECT_EQ(observed(run, "elapsed").size(), 1u);
        // No simulated cores on real threads.
        for (const auto& [id, c] : run.world().channels)
            EXPECT_NE(c.name, "cores");
    }
}

TEST(PoolSizeVsCores, TheSameSeedGivesTheSameRun) {
    auto a = run_scenario("pool-size-vs-cores", {"workers=3"}, goro::Duration(0),
                          goro::Mode::Deterministic, 8);
    auto b = run_scenario("pool-size-vs-cores", {"workers=3"}, goro::Duration(0),
                          goro::Mode::Deterministic, 8);
    EXPECT_EQ(a.recorder->published(), b.recorder->published());
    EXPECT_EQ(a.result.time, b.result.time);
}

}  // namespace
