// pitfall-send-on-closed: the submitter panics with "send on closed channel" when main closes
// its channel, as Go's would, and the owner closing on cancel fixes it; on the parallel runtime
// too.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "goro/explain.hpp"
#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

// The run ended in Go's panic "send on closed channel", raised by the submitter; a failure shows
// how it ended.
::testing::AssertionResult submitter_sent_on_closed(const goro::RunResult& r) {
    if (r.status == goro::RunStatus::Panicked && r.message == "send on closed channel" &&
        r.culprit_name == "submitter") {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "the run ended: " << r.describe();
}

TEST(PitfallSendOnClosed, TheSubmitterPanicsWhenMainClosesItsChannel) {
    auto run = run_scenario("pitfall-send-on-closed", {});
    ASSERT_TRUE(submitter_sent_on_closed(run.result));
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
    ASSERT_TRUE(submitter_sent_on_closed(run.result));
    EXPECT_EQ(run.result.time, goro::Time(1200ms));  // sends at 0, 400, 800; wakes at 1200
    EXPECT_EQ(run.counter("submitted"), 3);
}

TEST(PitfallSendOnClosed, TheOwnerClosingOnCancelFixesIt) {
    auto run = run_scenario("pitfall-send-on-closed", {"fix=true"});
    ASSERT_TRUE(completed_cleanly(run.result));
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
    auto broken = run_parallel("pitfall-send-on-closed", sets);
    ASSERT_TRUE(submitter_sent_on_closed(broken.result));

    std::vector<std::string> fixed_sets = sets;
    fixed_sets.push_back("fix=true");
    auto fixed = run_parallel("pitfall-send-on-closed", fixed_sets);
    EXPECT_TRUE(completed_cleanly(fixed.result));
    EXPECT_EQ(fixed.counter("completed"), fixed.counter("submitted"));
}

TEST(PitfallSendOnClosed, TheSameSeedGivesTheSameRun) {
    for (const char* fix : {"fix=false", "fix=true"}) {
        SCOPED_TRACE(fix);
        const auto [a, b] = run_twice("pitfall-send-on-closed", {fix}, 3);
        EXPECT_EQ(a.counter("completed"), b.counter("completed"));
        EXPECT_EQ(a.result.time, b.result.time);
    }
}

}  // namespace
