// buffered-vs-unbuffered: a buffer absorbs bursts, and never loses or reorders an item; the run
// is clean on the parallel runtime and repeats itself under the same seed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "goro/explain.hpp"
#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

TEST(BufferedVsUnbuffered, BothPairsDeliverEveryItemInOrder) {
    auto run = run_scenario("buffered-vs-unbuffered", {"items=40"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(observed(run, "unbuffered"), one_to(40));
    EXPECT_EQ(observed(run, "buffered"), one_to(40));
    expect_counters(run,
                    {{"completed_unbuffered", 40}, {"completed_buffered", 40}, {"completed", 80}});
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
    auto run = run_parallel("buffered-vs-unbuffered", {"items=30"});
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
    const auto [a, b] = run_twice("buffered-vs-unbuffered", {}, 11);
    auto c = run_scenario("buffered-vs-unbuffered", {}, goro::Duration(0),
                          goro::Mode::Deterministic, 12);
    ASSERT_EQ(a.result.status, goro::RunStatus::Completed) << a.result.describe();
    EXPECT_EQ(a.result.time, b.result.time);
    EXPECT_EQ(observed(a, "finished_unbuffered"), observed(b, "finished_unbuffered"));
    EXPECT_NE(observed(a, "finished_unbuffered"), observed(c, "finished_unbuffered"));
}

}  // namespace
