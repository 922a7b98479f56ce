// pitfall-leak: every worker whose request timed out is leaked, blocked sending on its result
// channel, as Go's would be, and the buffer of one lets them end; on the parallel runtime too.
// Also the checks that span the three pitfalls, and the explanation of a leak.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "goro/explain.hpp"
#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

std::set<std::string> stuck_names(const goro::RunResult& r) {
    std::set<std::string> out;
    for (const goro::StuckGoroutine& g : r.stuck)
        out.insert(g.name);
    return out;
}

TEST(PitfallLeak, EveryWorkerWhoseRequestTimedOutIsLeakedBlockedOnItsResultChannel) {
    // Work 250ms +-40% against a 200ms timeout: some requests are in time, most are not.
    auto run = run_scenario("pitfall-leak", {"requests=12"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    const std::vector<std::int64_t> late = observed(run, "timed_out");
    ASSERT_FALSE(late.empty());
    ASSERT_LT(late.size(), 12u) << "the default spread should let some requests through";
    EXPECT_EQ(run.counter("timeouts"), static_cast<std::int64_t>(late.size()));
    EXPECT_EQ(run.counter("completed") + run.counter("timeouts"), 12);

    std::set<std::string> want;
    for (const std::int64_t id : late)
        want.insert("worker " + std::to_string(id));
    EXPECT_EQ(stuck_names(run.result), want) << run.result.describe();
    ASSERT_EQ(run.result.stuck.size(), late.size());
    const std::string explained = joined(goro::explain(run.result));
    for (const goro::StuckGoroutine& g : run.result.stuck) {
        const std::string id = g.name.substr(g.name.find(' ') + 1);
        EXPECT_EQ(g.reason, goro::BlockReason::ChanSend) << g.name;
        EXPECT_EQ(g.object_name, "result " + id) << g.name;
        EXPECT_NE(explained.find(g.name + " was still blocked sending on result " + id),
                  std::string::npos)
            << explained;
    }
    EXPECT_NE(explained.find("Leak: " + std::to_string(late.size()) + " goroutine"),
              std::string::npos)
        << explained;
    // main's runtime.NumGoroutine() agrees.
    EXPECT_EQ(observed(run, "goroutines_left"),
              std::vector<std::int64_t>{static_cast<std::int64_t>(late.size())});
}

TEST(PitfallLeak, WorkAlwaysSlowerThanTheTimeoutLeaksEveryWorker) {
    auto run = run_scenario("pitfall-leak",
                            {"requests=4", "work_time=300ms", "jitter=0", "timeout=100ms"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    EXPECT_EQ(stuck_names(run.result),
              (std::set<std::string>{"worker 1", "worker 2", "worker 3", "worker 4"}))
        << run.result.describe();
    for (const goro::StuckGoroutine& g : run.result.stuck) {
        EXPECT_EQ(g.reason, goro::BlockReason::ChanSend) << g.name;
        EXPECT_EQ(g.object_name, "result " + g.name.substr(7)) << g.name;
    }
    expect_counters(run, {{"timeouts", 4}, {"completed", 0}});
    // Four timeouts of 100ms, then main lingers for twice the work time.
    EXPECT_EQ(run.result.time, goro::Time(4 * 100ms + 600ms));
}

TEST(PitfallLeak, TheBufferOfOneLetsLateWorkersEnd) {
    auto run = run_scenario("pitfall-leak", {"requests=12", "fix=true"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_GT(run.counter("timeouts"), 0) << "the fix must not hide the late requests";
    EXPECT_EQ(run.counter("completed") + run.counter("timeouts"), 12);
    EXPECT_EQ(observed(run, "goroutines_left"), std::vector<std::int64_t>{0});
    EXPECT_TRUE(goro::explain(run.result).empty());
}

TEST(PitfallLeak, NoTimeoutNoLeakEvenUnbuffered) {
    auto run = run_scenario("pitfall-leak", {"requests=5", "timeout=1s"});
    ASSERT_TRUE(completed_cleanly(run.result));
    expect_counters(run, {{"completed", 5}, {"timeouts", 0}});
}

TEST(PitfallLeak, LeaksAndIsFixedOnTheParallelRuntime) {
    // Wide margins: at speed 100 a virtual second is 10 wall milliseconds, so each worker
    // answers 40 ms after its caller gave up (at speed 1000, 4 ms: a loaded machine running
    // ASan once delivered the first answer before its timeout fired).
    const std::vector<std::string> sets = {"requests=3", "work_time=5s", "jitter=0", "timeout=1s"};
    constexpr double kSpeed = 100;
    auto broken = run_parallel("pitfall-leak", sets, kSpeed);
    ASSERT_EQ(broken.result.status, goro::RunStatus::Completed) << broken.result.describe();
    EXPECT_EQ(stuck_names(broken.result),
              (std::set<std::string>{"worker 1", "worker 2", "worker 3"}))
        << broken.result.describe();
    for (const goro::StuckGoroutine& g : broken.result.stuck)
        EXPECT_EQ(g.reason, goro::BlockReason::ChanSend) << g.name;

    std::vector<std::string> fixed_sets = sets;
    fixed_sets.push_back("fix=true");
    auto fixed = run_parallel("pitfall-leak", fixed_sets, kSpeed);
    EXPECT_TRUE(completed_cleanly(fixed.result));
    EXPECT_EQ(fixed.counter("timeouts"), 3);
}

TEST(PitfallLeak, TheSameSeedGivesTheSameRun) {
    const auto [a, b] = run_twice("pitfall-leak", {"requests=20"}, 5);
    EXPECT_EQ(observed(a, "timed_out"), observed(b, "timed_out"));
    EXPECT_EQ(stuck_names(a.result), stuck_names(b.result));
}

// --- all three pitfalls ------------------------------------------------------------------------

TEST(Pitfalls, DeclareTheOutcomeTheyShow) {
    EXPECT_EQ(gorama::find_scenario("pitfall-leak")->info().expected, gorama::Outcome::Leak);
    EXPECT_EQ(gorama::find_scenario("pitfall-deadlock")->info().expected,
              gorama::Outcome::Deadlock);
    EXPECT_EQ(gorama::find_scenario("pitfall-send-on-closed")->info().expected,
              gorama::Outcome::Panic);
    for (const char* name : {"pitfall-leak", "pitfall-deadlock", "pitfall-send-on-closed"}) {
        const gorama::ScenarioInfo& info = gorama::find_scenario(name)->info();
        const auto fix = std::find_if(info.params.begin(), info.params.end(),
                                      [](const gorama::ParamSpec& s) { return s.name == "fix"; });
        ASSERT_NE(fix, info.params.end()) << name;
        EXPECT_EQ(fix->kind, gorama::ParamKind::Bool) << name;
        EXPECT_EQ(fix->def, 0) << name;
    }
}

// --- the explanation of a leak -----------------------------------------------------------------

TEST(Explain, OnlyGoroutinesBlockedForGoodCountAsALeak) {
    goro::RunResult r;
    r.status = goro::RunStatus::Completed;
    goro::StuckGoroutine runnable;
    runnable.name = "consumer";  // just handed main its value; about to return
    r.stuck.push_back(runnable);
    EXPECT_TRUE(goro::explain(r).empty());
    goro::StuckGoroutine blocked;
    blocked.name = "worker 1";
    blocked.reason = goro::BlockReason::ChanSend;
    blocked.object_name = "result 1";
    r.stuck.push_back(blocked);
    const std::vector<std::string> lines = goro::explain(r);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "Leak: 1 goroutine was left behind when main returned.");
    EXPECT_EQ(lines[1],
              "worker 1 was still blocked sending on result 1 when the run ended; nobody receives");
}

}  // namespace
