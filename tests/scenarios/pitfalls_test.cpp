// pitfalls: each broken program ends the way Go's would (a leak, a deadlock, a panic), with the
// right goroutines and channels named, and its fix ends cleanly; on the parallel runtime too.
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

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines)
        out += l + "\n";
    return out;
}

std::set<std::string> stuck_names(const goro::RunResult& r) {
    std::set<std::string> out;
    for (const goro::StuckGoroutine& g : r.stuck)
        out.insert(g.name);
    return out;
}

// --- pitfall-leak ------------------------------------------------------------------------------

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
    EXPECT_EQ(run.counter("timeouts"), 4);
    EXPECT_EQ(run.counter("completed"), 0);
    // Four timeouts of 100ms, then main lingers for twice the work time.
    EXPECT_EQ(run.result.time, goro::Time(4 * 100ms + 600ms));
}

TEST(PitfallLeak, TheBufferOfOneLetsLateWorkersEnd) {
    auto run = run_scenario("pitfall-leak", {"requests=12", "fix=true"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
    EXPECT_GT(run.counter("timeouts"), 0) << "the fix must not hide the late requests";
    EXPECT_EQ(run.counter("completed") + run.counter("timeouts"), 12);
    EXPECT_EQ(observed(run, "goroutines_left"), std::vector<std::int64_t>{0});
    EXPECT_TRUE(goro::explain(run.result).empty());
}

TEST(PitfallLeak, NoTimeoutNoLeakEvenUnbuffered) {
    auto run = run_scenario("pitfall-leak", {"requests=5", "timeout=1s"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
    EXPECT_EQ(run.counter("completed"), 5);
    EXPECT_EQ(run.counter("timeouts"), 0);
}

TEST(PitfallLeak, LeaksAndIsFixedOnTheParallelRuntime) {
    // Wide margins: at speed 1000 a virtual second is a wall millisecond.
    const std::vector<std::string> sets = {"requests=3", "work_time=5s", "jitter=0", "timeout=1s"};
    auto broken = run_scenario("pitfall-leak", sets, goro::Duration(0), goro::Mode::Parallel);
    ASSERT_EQ(broken.result.status, goro::RunStatus::Completed) << broken.result.describe();
    EXPECT_EQ(stuck_names(broken.result),
              (std::set<std::string>{"worker 1", "worker 2", "worker 3"}))
        << broken.result.describe();
    for (const goro::StuckGoroutine& g : broken.result.stuck)
        EXPECT_EQ(g.reason, goro::BlockReason::ChanSend) << g.name;

    std::vector<std::string> fixed_sets = sets;
    fixed_sets.push_back("fix=true");
    auto fixed = run_scenario("pitfall-leak", fixed_sets, goro::Duration(0), goro::Mode::Parallel);
    EXPECT_EQ(fixed.result.status, goro::RunStatus::Completed) << fixed.result.describe();
    EXPECT_TRUE(fixed.result.stuck.empty()) << fixed.result.describe();
    EXPECT_EQ(fixed.counter("timeouts"), 3);
}

TEST(PitfallLeak, TheSameSeedGivesTheSameRun) {
    auto a = run_scenario("pitfall-leak", {"requests=20"}, goro::Duration(0),
                          goro::Mode::Deterministic, 5);
    auto b = run_scenario("pitfall-leak", {"requests=20"}, goro::Duration(0),
                          goro::Mode::Deterministic, 5);
    EXPECT_EQ(a.recorder->published(), b.recorder->published());
    EXPECT_EQ(observed(a, "timed_out"), observed(b, "timed_out"));
    EXPECT_EQ(stuck_names(a.result), stuck_names(b.result));
}

// --- pitfall-deadlock --------------------------------------------------------------------------

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

// --- pitfall-send-on-closed --------------------------------------------------------------------

TEST(PitfallSendOnClosed, TheSubmitterPanicsWhenMainClosesItsChannel) {
    auto run = run_scenario("pitfall-send-on-closed", {});
    ASSERT_EQ(run.result.status, goro::RunStatus::Panicked) << run.result.describe();
    EXPECT_EQ(run.result.message, "send on closed channel");
    EXPECT_EQ(run.result.culprit_name, "submitter");
    // The submitter waits on the full queue, or sleeps 50ms after a send that got a free slot:
    // it panics as main closes the queue, or at its next send.
    EXPECT_GE(run.result.time, goro::Time(1500ms));
    EXPECT_LE(run.result.time, goro::Time(1550ms));
    EXPECT_GT(run.counter("submitted"), 0);
    EXPECT_LT(run.counter("submitted"), 100);
    const std::vector<std::string> explained = goro::explain(run.result);
    ASSERT_FALSE(explained.empty());
    EXPECT_EQ(explained[0], "Panic in submitter: send on closed channel.");
    const goro::WorldState w = run.world();
    bool seen = false;
    for (const auto& [id, g] : w.goroutines) {
        if (g.name != "submitter") continue;
        seen = true;
        EXPECT_EQ(g.state, goro::GoState::Panicked);
        EXPECT_EQ(g.panic, "send on closed channel");
    }
    EXPECT_TRUE(seen);
    // The panic cut the others short: still blocked at the end, but not leaked.
    ASSERT_FALSE(run.result.stuck.empty());
    for (const goro::StuckGoroutine& s : run.result.stuck) {
        ASSERT_NE(w.goroutine(s.id), nullptr);
        EXPECT_EQ(w.goroutine(s.id)->state, goro::GoState::Blocked) << s.name;
        EXPECT_FALSE(w.goroutine(s.id)->leaked) << s.name;
    }
}

TEST(PitfallSendOnClosed, ASleepingSubmitterPanicsOnItsNextSend) {
    // A slow submitter is asleep at the close; it panics when it wakes and sends.
    auto run = run_scenario("pitfall-send-on-closed", {"submit_interval=400ms", "stop_after=1s",
                                                       "workers=2", "jitter=0", "work_time=1s"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Panicked) << run.result.describe();
    EXPECT_EQ(run.result.message, "send on closed channel");
    EXPECT_EQ(run.result.culprit_name, "submitter");
    EXPECT_EQ(run.result.time, goro::Time(1200ms));  // sends at 0, 400, 800; wakes at 1200
    EXPECT_EQ(run.counter("submitted"), 3);
}

TEST(PitfallSendOnClosed, TheOwnerClosingOnCancelFixesIt) {
    auto run = run_scenario("pitfall-send-on-closed", {"fix=true"});
    ASSERT_EQ(run.result.status, goro::RunStatus::Completed) << run.result.describe();
    EXPECT_TRUE(run.result.stuck.empty()) << run.result.describe();
    EXPECT_GT(run.counter("submitted"), 0);
    EXPECT_LT(run.counter("submitted"), 100);  // stopped early, through the context
    EXPECT_EQ(run.counter("completed"), run.counter("submitted"));  // the queue was drained
    EXPECT_GT(run.result.time, goro::Time(1500ms));
    const goro::WorldState w = run.world();
    for (const auto& [id, c] : w.channels) {
        if (c.name == "tasks") {
            EXPECT_TRUE(c.closed);
            EXPECT_EQ(c.sends, c.recvs);
        }
    }
}

TEST(PitfallSendOnClosed, PanicsAndIsFixedOnTheParallelRuntime) {
    // Slow work and a fast submitter: the queue is full long before main stops the pool.
    const std::vector<std::string> sets = {"work_time=2s", "submit_interval=10ms", "stop_after=20s",
                                           "queue_size=3"};
    auto broken =
        run_scenario("pitfall-send-on-closed", sets, goro::Duration(0), goro::Mode::Parallel);
    ASSERT_EQ(broken.result.status, goro::RunStatus::Panicked) << broken.result.describe();
    EXPECT_EQ(broken.result.message, "send on closed channel");
    EXPECT_EQ(broken.result.culprit_name, "submitter");

    std::vector<std::string> fixed_sets = sets;
    fixed_sets.push_back("fix=true");
    auto fixed =
        run_scenario("pitfall-send-on-closed", fixed_sets, goro::Duration(0), goro::Mode::Parallel);
    EXPECT_EQ(fixed.result.status, goro::RunStatus::Completed) << fixed.result.describe();
    EXPECT_TRUE(fixed.result.stuck.empty()) << fixed.result.describe();
    EXPECT_EQ(fixed.counter("completed"), fixed.counter("submitted"));
}

TEST(PitfallSendOnClosed, TheSameSeedGivesTheSameRun) {
    for (const char* fix : {"fix=false", "fix=true"}) {
        auto a = run_scenario("pitfall-send-on-closed", {fix}, goro::Duration(0),
                              goro::Mode::Deterministic, 3);
        auto b = run_scenario("pitfall-send-on-closed", {fix}, goro::Duration(0),
                              goro::Mode::Deterministic, 3);
        EXPECT_EQ(a.recorder->published(), b.recorder->published()) << fix;
        EXPECT_EQ(a.counter("completed"), b.counter("completed")) << fix;
        EXPECT_EQ(a.result.time, b.result.time) << fix;
    }
}

// --- all three ---------------------------------------------------------------------------------

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

}  // namespace

namespace {

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
