// intro: one result per job, twice the job; J jobs on W workers take ceil(J/W) x T; main
// deadlocks exactly when the jobs outnumber both buffers and the workers; a clean end on real
// threads; the same seed gives the same run.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

// 2, 4, ..., 2n: the results of jobs 1 to n, each job doubled.
std::vector<std::int64_t> doubles(int n) {
    std::vector<std::int64_t> out;
    for (int j = 1; j <= n; ++j)
        out.push_back(2 * j);
    return out;
}

TEST(Intro, EveryJobGivesExactlyOneResultTwiceTheJob) {
    // 23 jobs fit exactly: 3 in the jobs buffer, 16 results buffered, 4 held by the workers.
    auto run = run_scenario(
        "intro", {"jobs=23", "workers=4", "jobs_buffer=3", "results_buffer=16", "work_time=10ms"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.counter("completed"), 23);
    EXPECT_EQ(sorted_observed(run, "result"), doubles(23));
    // The fold agrees: 23 jobs and 23 results went through their channels.
    const goro::WorldState w = run.world();
    std::uint64_t job_sends = 0, result_sends = 0;
    for (const auto& [id, c] : w.channels) {
        if (c.name == "jobs") job_sends = c.sends;
        if (c.name == "results") result_sends = c.sends;
    }
    EXPECT_EQ(job_sends, 23u);
    EXPECT_EQ(result_sends, 23u);
    EXPECT_EQ(run.metrics().latency_count(), 23u);
}

TEST(Intro, JobsTakeCeilJobsOverWorkersTimesTheWorkTime) {
    struct Case {
        int jobs, workers, ms;
    };
    for (const Case c : {Case{5, 3, 1000}, Case{10, 3, 100}, Case{12, 4, 250}, Case{1, 16, 70},
                         Case{100, 7, 30}}) {
        auto run = run_scenario(
            "intro",
            {"jobs=" + std::to_string(c.jobs), "workers=" + std::to_string(c.workers),
             "work_time=" + std::to_string(c.ms) + "ms", "jobs_buffer=100", "results_buffer=100"});
        ASSERT_TRUE(completed_cleanly(run.result));
        const int rounds = (c.jobs + c.workers - 1) / c.workers;
        EXPECT_EQ(run.result.time, goro::Time(std::chrono::milliseconds(rounds * c.ms)))
            << c.jobs << " jobs on " << c.workers << " workers";
        EXPECT_EQ(run.counter("completed"), c.jobs);
    }
}

TEST(Intro, DeadlocksExactlyWhenJobsExceedBothBuffersAndTheWorkers) {
    // Main sends every job before it receives: it can hand off jobs_buffer + results_buffer +
    // workers jobs (the last workers hold a result they cannot send), no more.
    auto fits = run_scenario("intro", {"jobs=9", "workers=3", "jobs_buffer=2", "results_buffer=4"});
    EXPECT_EQ(fits.result.status, goro::RunStatus::Completed) << fits.result.describe();
    EXPECT_EQ(fits.counter("completed"), 9);

    auto stuck =
        run_scenario("intro", {"jobs=10", "workers=3", "jobs_buffer=2", "results_buffer=4"});
    ASSERT_EQ(stuck.result.status, goro::RunStatus::Deadlock) << stuck.result.describe();
    EXPECT_EQ(stuck.counter("completed"), 0);
    // main waits on jobs, every worker on results.
    int on_jobs = 0, on_results = 0;
    for (const goro::StuckGoroutine& g : stuck.result.stuck) {
        on_jobs += g.object_name == "jobs" && g.name == "main";
        on_results += g.object_name == "results" && g.name.rfind("worker ", 0) == 0;
    }
    EXPECT_EQ(on_jobs, 1) << stuck.result.describe();
    EXPECT_EQ(on_results, 3) << stuck.result.describe();
}

TEST(Intro, RunsCleanOnTheParallelRuntime) {
    auto run = run_parallel("intro", {"jobs=30", "workers=4", "work_time=20ms", "jobs_buffer=30"});
    EXPECT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.counter("completed"), 30);
    EXPECT_EQ(sorted_observed(run, "result"), doubles(30));
}

TEST(Intro, TheSameSeedGivesTheSameRun) {
    const std::vector<std::string> sets = {"jobs=40", "workers=5", "jobs_buffer=2",
                                           "results_buffer=40"};
    const auto [a, b] = run_twice("intro", sets, 7);
    ASSERT_EQ(a.result.status, goro::RunStatus::Completed) << a.result.describe();
    EXPECT_EQ(observed(a, "result"), observed(b, "result"));
    EXPECT_EQ(a.result.time, b.result.time);
}

}  // namespace
