// worker-pool: exactly one result per task, the tutorial's example timing, the type switch's
// error for data it does not handle, Stop closing the results but not the queue, throughput W/T
// with the queue kept full (also after the pool is resized mid-run), stop now, and a clean end on
// real threads.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

// Mean throughput (completed per second) over the metrics windows in [from, to) seconds.
double throughput_between(const goro::Metrics& m, int from, int to) {
    std::uint64_t done = 0;
    for (const goro::MetricsWindow& w : m.windows()) {
        const auto start = w.start / 1'000'000'000;
        if (start >= from && start < to) done += w.completed;
    }
    return static_cast<double>(done) / (to - from);
}

TEST(WorkerPool, EverySubmittedTaskGivesExactlyOneResult) {
    auto run = run_scenario("worker-pool", {"tasks=50", "error_rate=0.3", "unsupported_rate=0.2"});
    ASSERT_TRUE(completed_cleanly(run.result));
    expect_counters(run, {{"submitted", 50}, {"completed", 50}});
    EXPECT_GT(run.counter("errors"), 0);
    EXPECT_LT(run.counter("errors"), 50);
}

TEST(WorkerPool, TheTutorialsExampleTakesThreeRoundsOfWork) {
    // Four workers, a queue of 100, ten tasks of 100 ms submitted at once: 4 + 4 + 2.
    auto run = run_scenario(
        "worker-pool", {"workers=4", "queue_size=100", "tasks=10", "work_time=100ms", "jitter=0",
                        "submit_interval=0", "error_rate=0", "unsupported_rate=0"});
    expect_clean_end(run);
    expect_counters(run, {{"submitted", 10}, {"completed", 10}, {"errors", 0}});
    EXPECT_EQ(metric_times(run, "completed"),
              (std::vector<std::int64_t>{100 * kMs, 100 * kMs, 100 * kMs, 100 * kMs, 200 * kMs,
                                         200 * kMs, 200 * kMs, 200 * kMs, 300 * kMs, 300 * kMs}));
    EXPECT_EQ(run.result.time, goro::Time(300ms));
}

TEST(WorkerPool, DataOfATypeTheSwitchDoesNotHandleFailsAfterItsWork) {
    // Every task carries a float64: each one is worked on for 100 ms, then refused.
    auto run =
        run_scenario("worker-pool", {"workers=2", "tasks=6", "work_time=100ms", "jitter=0",
                                     "submit_interval=0", "error_rate=0", "unsupported_rate=1"});
    expect_clean_end(run);
    expect_counters(run, {{"completed", 6}, {"errors", 6}});
    EXPECT_EQ(run.result.time, goro::Time(300ms));
}

TEST(WorkerPool, StopClosesTheResultsButLeavesTheQueueToItsSender) {
    auto run = run_scenario("worker-pool", {"tasks=12", "workers=3", "queue_size=2"});
    expect_clean_end(run);
    bool seen_tasks = false, seen_results = false;
    for (const auto& [id, c] : run.world().channels) {
        if (c.name == "tasks") {
            seen_tasks = true;
            EXPECT_FALSE(c.closed);
        }
        if (c.name == "results") {
            seen_results = true;
            EXPECT_TRUE(c.closed);
        }
    }
    EXPECT_TRUE(seen_tasks && seen_results);
}

TEST(WorkerPool, ThroughputIsWorkersOverWorkTimeWithTheQueueKeptFull) {
    // 4 workers, 100 ms a task, a submitter that never waits: 40 tasks a second (unsupported
    // kinds are off: they fail at once and would add to the rate).
    auto run = run_scenario("worker-pool",
                            {"workers=4", "work_time=100ms", "jitter=0", "submit_interval=0",
                             "unsupported_rate=0", "queue_size=10"},
                            20s);
    const double rate = throughput_between(run.metrics(), 2, 20);
    EXPECT_NEAR(rate, 40.0, 40.0 * 0.05);
}

TEST(WorkerPool, ThroughputFollowsTheWorkerCountChangedMidRun) {
    auto run = prepare("worker-pool", {"workers=2", "work_time=100ms", "jitter=0",
                                       "unsupported_rate=0", "submit_interval=0", "queue_size=20"});
    run.runtime->run_for(10s);
    std::string error;
    ASSERT_TRUE(run.params->set("workers", 6, error)) << error;
    run.runtime->run_for(10s);
    const goro::Metrics m = run.metrics();
    EXPECT_NEAR(throughput_between(m, 2, 10), 20.0, 20.0 * 0.05);
    EXPECT_NEAR(throughput_between(m, 11, 20), 60.0, 60.0 * 0.05);
    ASSERT_TRUE(run.params->set("workers", 1, error)) << error;
    run.runtime->run_for(10s);
    EXPECT_NEAR(throughput_between(run.metrics(), 21, 30), 10.0, 10.0 * 0.05);
    // Retired workers left through the retire channel; the world shows one active worker.
    const goro::WorldState w = run.world();
    int live_workers = 0;
    for (const auto& [id, g] : w.goroutines) {
        if (g.name.rfind("worker ", 0) == 0 && g.state != goro::GoState::Finished) ++live_workers;
    }
    EXPECT_EQ(live_workers, 1);
}

TEST(WorkerPool, StopNowEndsEveryGoroutineCleanly) {
    auto run = prepare("worker-pool", {"workers=5"});
    run.runtime->run_for(3s);
    std::string error;
    ASSERT_TRUE(run.params->set("stop", 1, error));
    const goro::RunResult r = run.runtime->run();
    EXPECT_TRUE(completed_cleanly(r));
    EXPECT_LT(r.time, goro::Time(5s));
}

TEST(WorkerPool, RunsCleanOnTheParallelRuntime) {
    auto run = run_parallel("worker-pool", {"tasks=40", "work_time=20ms", "workers=4"});
    EXPECT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.counter("completed"), 40);
}

TEST(WorkerPool, TheSameSeedGivesTheSameRun) {
    const auto [a, b] = run_twice("worker-pool", {}, 42, 10s);
    auto c = run_scenario("worker-pool", {}, 10s, goro::Mode::Deterministic, 43);
    EXPECT_EQ(a.counter("errors"), b.counter("errors"));
    EXPECT_EQ(a.metrics().latency_percentile(95), b.metrics().latency_percentile(95));
    EXPECT_NE(a.metrics().latency_percentile(50), c.metrics().latency_percentile(50));
}

}  // namespace
