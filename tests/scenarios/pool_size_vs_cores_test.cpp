// pool-size-vs-cores: a CPU-bound pool is capped by the cores; it does every task on the
// parallel runtime and repeats itself under the same seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "scenario_harness.hpp"

namespace {

using namespace gorama::testing;

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
        ASSERT_TRUE(completed_cleanly(run.result));
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
        auto run = run_parallel("pool-size-vs-cores",
                                {"workers=" + std::to_string(workers), "tasks=20", "work_ms=2ms"});
        ASSERT_TRUE(completed_cleanly(run.result));
        EXPECT_EQ(run.counter("completed"), 20) << workers << " workers";
        EXPECT_EQ(observed(run, "elapsed").size(), 1u);
        // No simulated cores on real threads.
        for (const auto& [id, c] : run.world().channels)
            EXPECT_NE(c.name, "cores");
    }
}

TEST(PoolSizeVsCores, TheSameSeedGivesTheSameRun) {
    const auto [a, b] = run_twice("pool-size-vs-cores", {"workers=3"}, 8);
    EXPECT_EQ(a.result.time, b.result.time);
}

}  // namespace
