// share-memory: through an owner goroutine or under a mutex every increment counts, one update at
// a time, and the waiting workers are parked on the channel or the mutex; unguarded, workers that
// read the same value write the same value, and the lost updates are counted as they happen, on
// the deterministic runtime and on real threads.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;
using namespace gorama::testing;

namespace {

// How many goroutines named "worker *" are parked for `reason` at the end of `run`.
std::size_t workers_parked(const ScenarioRun& run, goro::BlockReason reason) {
    std::size_t n = 0;
    for (const auto& [id, g] : run.world().goroutines) {
        if (g.name.rfind("worker ", 0) == 0 && g.state == goro::GoState::Blocked &&
            g.reason == reason)
            ++n;
    }
    return n;
}

TEST(ShareMemory, TheOwnerGoroutineCountsEveryIncrementWhileTheWorkersQueueOnItsChannel) {
    // Mid-update, the owner sleeps and every worker waits to send on the unbuffered adds.
    auto mid = run_scenario("share-memory", {"way=channel"}, 150ms);
    EXPECT_EQ(workers_parked(mid, goro::BlockReason::ChanSend), 4U);

    auto run = run_scenario("share-memory", {"way=channel"});
    expect_clean_end(run);
    expect_counters(run, {{"expected", 20}, {"final", 20}, {"lost", 0}, {"completed", 20}});
    EXPECT_EQ(run.result.time, goro::Time(20 * 100ms));  // one update at a time
}

TEST(ShareMemory, UnderTheMutexEveryIncrementCountsWhileTheOthersWaitAtLock) {
    // One worker holds mu and sleeps in its update; the three others are parked in mu.Lock().
    auto mid = run_scenario("share-memory", {"way=mutex"}, 50ms);
    EXPECT_EQ(workers_parked(mid, goro::BlockReason::Mutex), 3U);
    EXPECT_EQ(mid.world().mutex_holders.size(), 1U);

    auto run = run_scenario("share-memory", {"way=mutex"});
    expect_clean_end(run);
    expect_counters(run, {{"expected", 20}, {"final", 20}, {"lost", 0}, {"completed", 20}});
    EXPECT_EQ(run.result.time, goro::Time(20 * 100ms));
}

TEST(ShareMemory, UnguardedTheWorkersOverwriteEachOtherAndThreeIncrementsOfFourAreLost) {
    // Each round all four read the same value, sleep side by side, and write value + 1.
    auto run = run_scenario("share-memory", {"way=none"});
    expect_clean_end(run);
    expect_counters(run, {{"expected", 20}, {"final", 5}, {"lost", 15}, {"completed", 20}});
    EXPECT_EQ(run.result.time, goro::Time(5 * 100ms));
    // The first loss lands with the second write of the first round, at 100 ms.
    EXPECT_EQ(metric_times(run, "lost").front(), std::chrono::nanoseconds(100ms).count());
}

TEST(ShareMemory, TheLostCountIsAlwaysExpectedMinusFinal) {
    // However many workers race, the losses counted as each write lands add up to the difference.
    for (const char* n : {"1", "2", "3", "7"}) {
        auto run = run_scenario("share-memory", {"way=none", std::string("workers=") + n,
                                                 "increments=9", "update_time=3ms"});
        expect_clean_end(run);
        EXPECT_EQ(run.counter("lost"), run.counter("expected") - run.counter("final")) << n;
    }
    auto one = run_scenario("share-memory", {"way=none", "workers=1"});
    expect_counters(one, {{"final", 5}, {"lost", 0}});  // alone, nothing to race with
}

TEST(ShareMemory, OnRealThreadsTheUnguardedCountLosesUpdatesAndTheGuardedOnesDoNot) {
    // 2 ms between read and write, at speed 100 about 20 us of wall time: ample for the other
    // workers to read the same value.
    auto none = run_parallel("share-memory", {"way=none", "update_time=2ms"}, 100.0);
    ASSERT_TRUE(completed_cleanly(none.result));
    EXPECT_EQ(none.counter("expected"), 20);
    EXPECT_GT(none.counter("lost"), 0);
    EXPECT_EQ(none.counter("final") + none.counter("lost"), 20);
    for (const char* way : {"way=channel", "way=mutex"}) {
        auto run = run_parallel("share-memory", {way, "update_time=2ms"}, 100.0);
        ASSERT_TRUE(completed_cleanly(run.result)) << way;
        expect_counters(run, {{"final", 20}, {"lost", 0}});
    }
}

}  // namespace
