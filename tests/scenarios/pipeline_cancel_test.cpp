// pipeline-cancel: the tutorial's pipeline delivers 2x+10 in order; a deadline that passes
// mid-flight makes every waiting stage and the generator leave through ctx.Done() at that instant,
// and the run still ends with no goroutine left; without a deadline in the way, the closes ripple
// down the chain instead.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;
using namespace gorama::testing;

namespace {

// The pipeline's outputs for inputs 1..n: multiplied by 2, plus 10, all even so all kept.
std::vector<std::int64_t> outputs(int n) {
    std::vector<std::int64_t> out;
    for (int i = 1; i <= n; ++i)
        out.push_back(2 * i + 10);
    return out;
}

TEST(PipelineCancel, TheDeadlineStopsEveryStageMidFlightAndNothingLeaks) {
    // Main takes 300 ms a result, so results arrive at 0, 0.3, ..., 1.8 s: 7 before the 2 s
    // deadline. At 2 s the filter, add and multiply stages and the generator are each waiting
    // to send, and all four leave through ctx.Done().
    auto run = run_scenario("pipeline-cancel", {});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    expect_clean_end(run);
    EXPECT_EQ(run.counter("completed"), 7);
    EXPECT_EQ(observed(run, "output"), outputs(7));
    expect_counters(run, {{"exits on ctx.Done()", 4}, {"exits on close", 0}});
    const auto exits = metric_times(run, "exits on ctx.Done()");
    ASSERT_EQ(exits.size(), 4U);
    for (std::int64_t t : exits)
        EXPECT_EQ(t, std::chrono::nanoseconds(2s).count());
    // Main's last sleep ends at 2.1 s; then its range finds the filter's output closed.
    EXPECT_EQ(annotation_times(run, "pipeline ended: context deadline exceeded"),
              std::vector<std::int64_t>{std::chrono::nanoseconds(2100ms).count()});
}

TEST(PipelineCancel, BeforeTheDeadlineEveryValueArrivesAndTheClosesRippleDown) {
    auto run = run_scenario("pipeline-cancel", {"sink_time=50ms"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    expect_clean_end(run);
    EXPECT_EQ(run.counter("completed"), 20);
    EXPECT_EQ(observed(run, "output"), outputs(20));
    EXPECT_EQ(run.counter("exits on ctx.Done()"), 0);
    EXPECT_EQ(run.counter("exits on close"), 3);  // each stage saw its input closed
    EXPECT_EQ(annotation_times(run, "pipeline ended: "),
              std::vector<std::int64_t>{std::chrono::nanoseconds(1000ms).count()});
}

TEST(PipelineCancel, OnRealThreadsTheFilterHasClosedWhenMainEndsAndTheOrderHolds) {
    auto run = run_parallel("pipeline-cancel", {"sink_time=100ms", "timeout=1s"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    // Main returns once the filter closes its output. As in Go, the goroutines upstream may not
    // have run their exit yet when main returns, so only the filter is sure to have ended.
    for (const goro::StuckGoroutine& g : run.result.stuck)
        EXPECT_NE(g.name, "filter") << run.result.describe();
    // However many values made it before the deadline, they are the first ones, in order.
    const std::vector<std::int64_t> got = observed(run, "output");
    EXPECT_EQ(static_cast<std::int64_t>(got.size()), run.counter("completed"));
    const std::vector<std::int64_t> all = outputs(20);
    EXPECT_EQ(got, std::vector<std::int64_t>(
                       all.begin(), all.begin() + static_cast<std::ptrdiff_t>(got.size())));
}

}  // namespace
