// rate-limit: the tutorial's example gives its 14 admitted and 6 denied, the bucket never lets
// more through than burst + refills so far, Allow denies what the refill cannot cover, Wait
// serves every request (late) or, with a deadline, denies it at exactly that deadline, and the
// run ends cleanly.
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

TEST(RateLimit, TheTutorialsExampleAdmitsFourteenAndDeniesSix) {
    // The tutorial's limiter (a token every 100 ms, a burst of 5) and its 20 requests, one every
    // 50 ms from t = 0. Go 1.19 prints the same counts.
    auto run = run_scenario("rate-limit", {"requests=20"});
    expect_clean_end(run);
    expect_counters(run, {{"admitted", 14}, {"denied", 6}, {"completed", 14}});
    // The burst and the tokens of 100 .. 400 ms let the first nine through (0 .. 400 ms); from
    // then on the bucket is empty and the token of each tick, 500 .. 900 ms, goes to the request
    // of that instant, while the ones between ticks are denied.
    std::vector<std::int64_t> want;
    for (const std::int64_t ms :
         {0, 50, 100, 150, 200, 250, 300, 350, 400, 500, 600, 700, 800, 900})
        want.push_back(ms * kMs);
    EXPECT_EQ(metric_times(run, "admitted"), want);
    EXPECT_EQ(run.result.time, goro::Time(1000ms));  // the pause after the 20th request
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
    // The burst goes to the first three arrivals (0, 10, 20 ms), then one request per tick.
    EXPECT_EQ(times[0], std::int64_t{0});
    EXPECT_EQ(times[1], std::int64_t{10'000'000});
    EXPECT_EQ(times[2], std::int64_t{20'000'000});
    for (std::size_t k = 3; k < times.size(); ++k)
        EXPECT_EQ(times[k], static_cast<std::int64_t>(k - 2) * 100'000'000) << "admission " << k;
}

TEST(RateLimit, AllowModeDeniesWhatTheRefillCannotCover) {
    // 100 arrivals every 10 ms (0 .. 990 ms) against a token every 101 ms: the burst of 3,
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
    // arrived at 290 ms.
    EXPECT_EQ(run.result.time, goro::Time(2700ms));
    const goro::Metrics m = run.metrics();
    EXPECT_EQ(m.latency_count(), 30U);
    EXPECT_EQ(m.latency_percentile(100), std::int64_t{2'410'000'000});
}

TEST(RateLimit, WaitWithADeadlineDeniesARequestAtExactlyItsDeadline) {
    // Request k arrives at 10(k-1) ms and waits at most 155 ms. The burst token goes to request 1;
    // the token of t = 100 ms to request 2 (deadline 165 ms); requests 3..5 give up at 175, 185
    // and 195 ms; the token of t = 200 ms to request 6 (deadline 205 ms); 7..10 give up at
    // 215 .. 245 ms, and nobody waits for the token of t = 300 ms.
    auto run =
        run_scenario("rate-limit", {"refill_interval=100ms", "burst=1", "arrival_interval=10ms",
                                    "requests=10", "mode=wait", "max_wait=155ms"});
    expect_clean_end(run);
    expect_counters(run, {{"admitted", 3}, {"denied", 7}, {"completed", 3}});
    EXPECT_EQ(metric_times(run, "admitted"), (std::vector<std::int64_t>{0, 100 * kMs, 200 * kMs}));
    std::vector<std::int64_t> want;
    for (const std::int64_t ms : {175, 185, 195, 215, 225, 235, 245})
        want.push_back(ms * kMs);
    EXPECT_EQ(metric_times(run, "denied"), want);
    EXPECT_EQ(run.result.time, goro::Time(245ms));
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
