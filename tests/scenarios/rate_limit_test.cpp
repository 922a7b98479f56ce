// rate-limit: the bucket never lets more through than burst + refills so far, Allow denies what
// the refill cannot cover, Wait serves every request (late), and the run ends cleanly.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

// For every admission at t: admissions in [0, t] <= burst + floor(t / refill).
void expect_within_bucket(const ScenarioRun& run, std::int64_t burst, goro::Duration refill) {
    std::vector<std::int64_t> times = metric_times(run, "admitted");
    ASSERT_FALSE(times.empty());
    std::sort(times.begin(), times.end());
    for (std::int64_t t : times) {
        const auto in_window = std::upper_bound(times.begin(), times.end(), t) - times.begin();
        const std::int64_t allowed = burst + t / refill.count();
        EXPECT_LE(in_window, allowed) << "at t=" << t << "ns";
    }
}

TEST(RateLimit, AdmissionsNeverExceedBurstPlusRefillsInAnyWindowFromTheStart) {
    for (const char* mode : {"allow", "wait"}) {
        for (const char* pattern : {"steady", "bursty", "random"}) {
            SCOPED_TRACE(std::string(mode) + " " + pattern);
            auto run = run_scenario(
                "rate-limit",
                {"refill_interval=100ms", "burst=4", "arrival_interval=20ms", "requests=80",
                 std::string("mode=") + mode, std::string("pattern=") + pattern});
            expect_clean_end(run);
            expect_within_bucket(run, 4, 100ms);
            EXPECT_EQ(run.counter("admitted") + run.counter("denied"), 80);
            EXPECT_EQ(run.counter("completed"), run.counter("admitted"));
        }
    }
}

TEST(RateLimit, WaitModeTakesEachTokenTheInstantItIsAdded) {
    // Requests queue on the bucket, so every refill is taken at once: the bound is reached at
    // each tick, never exceeded.
    auto run = run_scenario("rate-limit", {"refill_interval=100ms", "burst=3",
                                           "arrival_interval=10ms", "requests=30", "mode=wait"});
    expect_clean_end(run);
    std::vector<std::int64_t> times = metric_times(run, "admitted");
    ASSERT_EQ(times.size(), 30U);
    // The burst goes to the first three arrivals (10, 20, 30 ms), then one request per tick.
    EXPECT_EQ(times[0], std::int64_t{10'000'000});
    EXPECT_EQ(times[1], std::int64_t{20'000'000});
    EXPECT_EQ(times[2], std::int64_t{30'000'000});
    for (std::size_t k = 3; k < times.size(); ++k)
        EXPECT_EQ(times[k], static_cast<std::int64_t>(k - 2) * 100'000'000) << "admission " << k;
}

TEST(RateLimit, AllowModeDeniesWhatTheRefillCannotCover) {
    // 100 arrivals every 10 ms (10 ms .. 1 s) against a token every 101 ms: the burst of 3,
    // then the 9 tokens of t = 101 .. 909 ms, each taken by the next arrival; the rest denied.
    auto run = run_scenario("rate-limit", {"refill_interval=101ms", "burst=3",
                                           "arrival_interval=10ms", "requests=100", "mode=allow"});
    expect_clean_end(run);
    expect_counters(run, {{"admitted", 12}, {"denied", 88}, {"completed", 12}});
    expect_within_bucket(run, 3, 101ms);
    EXPECT_EQ(run.metrics().latency_count(), 0U);  // Allow never waits
}

TEST(RateLimit, WaitModeServesEveryRequestLater) {
    auto run = run_scenario("rate-limit", {"refill_interval=100ms", "burst=3",
                                           "arrival_interval=10ms", "requests=30", "mode=wait"});
    expect_clean_end(run);
    expect_counters(run, {{"admitted", 30}, {"denied", 0}, {"completed", 30}});
    // The 30th token exists at 3 + floor(t / 100 ms) = 30, t = 2.7 s; the 30th request
    // arrived at 300 ms.
    EXPECT_EQ(run.result.time, goro::Time(2700ms));
    const goro::Metrics m = run.metrics();
    EXPECT_EQ(m.latency_count(), 30U);
    EXPECT_EQ(m.latency_percentile(100), std::int64_t{2'400'000'000});
}

TEST(RateLimit, AFullBucketDropsTheRefill) {
    // Arrivals far slower than the refill: the bucket stays full and almost every token is lost.
    auto run = run_scenario("rate-limit", {"refill_interval=10ms", "burst=2",
                                           "arrival_interval=105ms", "requests=5", "mode=allow"});
    expect_clean_end(run);
    expect_counters(run, {{"admitted", 5}, {"denied", 0}});
    EXPECT_GT(run.counter("tokens_dropped"), 0);
    EXPECT_EQ(run.counter("refilled") + run.counter("tokens_dropped"),
              static_cast<std::int64_t>(run.result.time / 10ms));
}

TEST(RateLimit, ALiveRefillChangeResetsTheTicker) {
    auto run = gorama::testing::prepare(
        "rate-limit", {"refill_interval=200ms", "burst=1", "arrival_interval=1ms", "mode=allow"});
    run.runtime->run_for(2s);
    const std::int64_t before = run.counter("admitted");
    std::string error;
    ASSERT_TRUE(run.params->set("refill_interval", 20, error)) << error;
    run.runtime->run_for(2s);
    // 2 s at 200 ms (one token of burst, then ten refills, the last possibly at the edge); then
    // 2 s at 20 ms: about a hundred more (the new interval applies within 100 ms).
    EXPECT_GE(before, 10);
    EXPECT_LE(before, 11);
    const std::int64_t after = run.counter("admitted") - before;
    EXPECT_GE(after, 94);
    EXPECT_LE(after, 100);
}

TEST(RateLimit, RunsCleanOnTheParallelRuntime) {
    // Intervals of 100 ms and 20 ms are 100 us and 20 us of wall time at the harness's speed
    // 1000; shorter ones can outrun the timer thread under a sanitizer, and a ticker that falls
    // behind re-arms in the past and starves every later timer.
    for (const char* mode : {"allow", "wait"}) {
        SCOPED_TRACE(mode);
        auto run = run_parallel("rate-limit",
                                {"refill_interval=100ms", "burst=3", "arrival_interval=20ms",
                                 "requests=30", "pattern=random", std::string("mode=") + mode});
        EXPECT_TRUE(completed_cleanly(run.result));
        EXPECT_EQ(run.counter("admitted") + run.counter("denied"), 30);
        EXPECT_EQ(run.counter("completed"), run.counter("admitted"));
    }
}

TEST(RateLimit, TheSameSeedGivesTheSameRun) {
    const std::vector<std::string> sets = {"pattern=random", "requests=60"};
    const auto [a, b] = run_twice("rate-limit", sets, 7);
    auto c = run_scenario("rate-limit", sets, goro::Duration(0), goro::Mode::Deterministic, 8);
    EXPECT_EQ(a.counter("denied"), b.counter("denied"));
    EXPECT_EQ(a.result.time, b.result.time);
    EXPECT_NE(a.result.time, c.result.time);
}

}  // namespace
