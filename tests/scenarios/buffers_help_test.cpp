// buffers-help: the same work per item whatever the buffer, so the time for all items shows what
// a buffer buys: with jitter it falls as the buffer grows; with steady stages, and behind a steady
// bottleneck, every buffer ends at the same moment.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;
using namespace gorama::testing;

namespace {

// The run's end time for each buffer size, the other settings `sets`.
std::vector<goro::Time> end_times(std::vector<std::string> sets, std::vector<int> buffers) {
    std::vector<goro::Time> out;
    for (int b : buffers) {
        std::vector<std::string> s = sets;
        s.push_back("buffer=" + std::to_string(b));
        auto run = run_scenario("buffers-help", s);
        EXPECT_TRUE(completed_cleanly(run.result)) << b;
        EXPECT_EQ(run.counter("completed"), 40) << b;
        out.push_back(run.result.time);
    }
    return out;
}

TEST(BuffersHelp, WithJitterABiggerBufferFinishesSooner) {
    const auto t = end_times({"jitter=0.8"}, {0, 1, 8});
    // A rendezvous per item: each hand-over waits for the slower of the two stages.
    EXPECT_GT(t[0], goro::Time(5s));
    EXPECT_LT(t[1], t[0]);
    EXPECT_LT(t[2], t[1]);
    // With room for eight, the stages almost never wait for each other: close to the 4.1 s of
    // steady stages (40 items of 100 ms, plus the first item's 100 ms at stage 1).
    EXPECT_LT(t[2] - goro::Time(4100ms), goro::Duration(300ms));
}

TEST(BuffersHelp, SteadyStagesGainNothingFromABuffer) {
    for (goro::Time t : end_times({"jitter=0"}, {0, 1, 8, 100}))
        EXPECT_EQ(t, goro::Time(4100ms));
}

TEST(BuffersHelp, BehindASteadyBottleneckABufferOnlyFillsUp) {
    // Stage 2 takes 150 ms an item: 40 of them after stage 1's first 100 ms, whatever the buffer.
    for (goro::Time t : end_times({"jitter=0", "stage2_time=150ms"}, {0, 1, 8}))
        EXPECT_EQ(t, goro::Time(6100ms));
    auto full = run_scenario("buffers-help", {"jitter=0", "stage2_time=150ms", "buffer=8"}, 3s);
    const goro::ChannelView* between = nullptr;
    const auto world = full.world();
    for (const auto& [id, c] : world.channels)
        if (c.name == "between") between = &c;
    ASSERT_NE(between, nullptr);
    EXPECT_EQ(between->buffer.size(), 8U);  // full: stage 1 waits to send
}

TEST(BuffersHelp, TheThroughputCountersAgreeWithTheRunsEnd) {
    auto run = run_scenario("buffers-help", {"jitter=0.8", "buffer=0"});
    expect_counters(run, {{"completed", 40}, {"elapsed_ms", 5246}, {"per_minute", 457}});
}

}  // namespace
