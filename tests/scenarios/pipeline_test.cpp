// pipeline: by default the tutorial's x*2, +10, keep-even pipeline and its output; the sink gets
// x*factor + addend for every input x that the filter keeps, in input order; the deadline stops
// every stage; a slow stage fills the buffers upstream of it and leaves the ones downstream empty;
// a clean end on real threads; same seed, same run.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

constexpr std::int64_t kMod = 1'000'000'007;

struct Expected {
    std::vector<std::int64_t> outputs;
    std::int64_t checksum = 0;
};

// What the sink should see: x * factor + addend for x = 1..n, kept by `keep`, in order.
Expected expect(int n, std::int64_t factor, std::int64_t addend,
                const std::function<bool(std::int64_t)>& keep) {
    Expected e;
    std::int64_t sum = 0;
    for (std::int64_t x = 1; x <= n; ++x) {
        const std::int64_t v = x * factor + addend;
        if (!keep(v)) continue;
        e.outputs.push_back(v);
        sum = ((sum + v % kMod) % kMod + kMod) % kMod;
    }
    e.checksum = sum;
    return e;
}

bool all(std::int64_t) {
    return true;
}
bool even(std::int64_t v) {
    return v % 2 == 0;
}
bool odd(std::int64_t v) {
    return v % 2 != 0;
}

void check(const gorama::testing::ScenarioRun& run, const Expected& want) {
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(observed(run, "output"), want.outputs);
    expect_counters(run, {{"completed", static_cast<std::int64_t>(want.outputs.size())},
                          {"checksum", want.checksum},
                          {"timeouts", 0}});
}

const goro::ChannelView* channel(const goro::WorldState& w, const std::string& name) {
    for (const auto& [id, c] : w.channels) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

const goro::GoroutineView* goroutine(const goro::WorldState& w, const std::string& name) {
    for (const auto& [id, g] : w.goroutines) {
        if (g.name == name) return &g;
    }
    return nullptr;
}

TEST(Pipeline, TheDefaultIsTheTutorialsPipeline) {
    // Multiply by 2, add 10, keep the even values, for 1..10: 12, 14, ..., 30, as Go prints them.
    auto run = run_scenario("pipeline", {});
    check(run, expect(10, 2, 10, even));
    EXPECT_EQ(observed(run, "output"),
              (std::vector<std::int64_t>{12, 14, 16, 18, 20, 22, 24, 26, 28, 30}));
    EXPECT_EQ(run.counter("dropped"), 0);
    // The add stage sets the pace: the first value reaches it at 50 ms, it lets one go every
    // 300 ms, and the filter takes 50 ms more on the last.
    EXPECT_EQ(run.result.time, goro::Time(3100ms));
}

TEST(Pipeline, TheFactorTheAddendAndTheFilterAreKnobs) {
    const std::vector<std::string> fast = {"stage1_delay=1ms", "stage2_delay=2ms",
                                           "stage3_delay=1ms", "items=50"};
    auto with = [&](const std::vector<std::string>& more) {  // later settings win
        std::vector<std::string> sets = fast;
        sets.insert(sets.end(), more.begin(), more.end());
        return sets;
    };
    {
        SCOPED_TRACE("x*3 + 1, keep odd: the even x");
        auto run = run_scenario("pipeline", with({"factor=3", "addend=1", "filter=odd"}));
        check(run, expect(50, 3, 1, odd));
        expect_counters(run, {{"completed", 25}, {"dropped", 25}});
    }
    {
        SCOPED_TRACE("x*3 + 1, no filter stage");
        auto run = run_scenario("pipeline", with({"factor=3", "addend=1", "filter=none"}));
        check(run, expect(50, 3, 1, all));
        EXPECT_EQ(run.counter("dropped"), 0);
    }
    {
        SCOPED_TRACE("x*-3 - 7, keep odd: negative values keep their parity");
        auto run = run_scenario("pipeline", with({"factor=-3", "addend=-7", "filter=odd"}));
        check(run, expect(50, -3, -7, odd));
        expect_counters(run, {{"completed", 25}, {"dropped", 25}});
    }
    {
        SCOPED_TRACE("the tutorial's stages, keep odd: every value is even");
        auto run = run_scenario("pipeline", with({"filter=odd"}));
        check(run, Expected{});
        EXPECT_EQ(run.counter("dropped"), 50);
    }
}

TEST(Pipeline, TheDeadlineStopsEveryStageThroughCtxDone) {
    // The add stage lets a value go every 300 ms: three are out by 1 s, the deadline is 1.02 s.
    // Then every stage leaves through ctx.Done(): at once where it waits to send, and where its
    // send is ready too, by select's random choice, maybe after sending a few more.
    auto run = run_scenario("pipeline", {"items=40", "timeout=1020ms"});
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.counter("timeouts"), 1);
    const std::vector<std::int64_t> got = observed(run, "output");
    ASSERT_GE(got.size(), 3u);
    EXPECT_LT(got.size(), 40u);
    const Expected all_of_them = expect(40, 2, 10, even);
    EXPECT_TRUE(std::equal(got.begin(), got.end(), all_of_them.outputs.begin()))
        << "the results are the first ones, in order";
    EXPECT_EQ(metric_times(run, "output")[2], 1000 * kMs);
    for (const auto& [id, g] : run.world().goroutines)
        EXPECT_EQ(g.state, goro::GoState::Finished) << g.name;
}

TEST(Pipeline, EachStageHasItsOwnBufferSize) {
    // With stage 2 slow, the channels in front of it fill to their own capacities.
    auto run =
        prepare("pipeline", {"items=40", "buffer=2", "stage1_buffer=7", "stage2_buffer=0",
                             "stage1_delay=10ms", "stage2_delay=500ms", "stage3_delay=10ms"});
    run.result = run.runtime->run_for(3s);
    const goro::WorldState w = run.world();
    const goro::ChannelView* numbers = channel(w, "input");
    const goro::ChannelView* feed = channel(w, "multiply out");
    const goro::ChannelView* after = channel(w, "add out");
    ASSERT_TRUE(numbers && feed && after);
    EXPECT_EQ(numbers->cap, 2u);
    EXPECT_EQ(feed->cap, 7u);
    EXPECT_EQ(after->cap, 0u);
    EXPECT_EQ(numbers->buffer.size(), 2u);
    EXPECT_EQ(feed->buffer.size(), 7u);
}

TEST(Pipeline, ASlowStageFillsTheBuffersUpstreamAndStarvesTheOnesDownstream) {
    // The add stage takes 500 ms a value, its neighbours 10 ms: after 3 s everything in front of
    // it is full and everything after it is empty.
    auto run = prepare("pipeline", {"items=40", "buffer=3", "stage1_delay=10ms",
                                    "stage2_delay=500ms", "stage3_delay=10ms", "timeout=60s"});
    run.result = run.runtime->run_for(3s);
    ASSERT_EQ(run.result.status, goro::RunStatus::Paused) << run.result.describe();
    const goro::WorldState w = run.world();
    const goro::ChannelView* numbers = channel(w, "input");
    const goro::ChannelView* feed = channel(w, "multiply out");  // feeds the slow stage
    const goro::ChannelView* after = channel(w, "add out");
    const goro::ChannelView* last = channel(w, "filter out");
    ASSERT_TRUE(numbers && feed && after && last);
    EXPECT_EQ(numbers->buffer.size(), 3u);
    EXPECT_EQ(feed->buffer.size(), 3u);
    EXPECT_EQ(after->buffer.size(), 0u);
    EXPECT_EQ(last->buffer.size(), 0u);
    // The stages upstream wait to send (in a select with ctx.Done()); the ones downstream wait to
    // receive.
    const goro::GoroutineView* gen = goroutine(w, "generator");
    const goro::GoroutineView* s1 = goroutine(w, "multiply");
    const goro::GoroutineView* s3 = goroutine(w, "filter");
    ASSERT_TRUE(gen && s1 && s3);
    EXPECT_EQ(gen->state, goro::GoState::Blocked);
    EXPECT_EQ(gen->reason, goro::BlockReason::Select);
    EXPECT_NE(std::find(gen->select_on.begin(), gen->select_on.end(), numbers->id),
              gen->select_on.end());
    EXPECT_EQ(s1->state, goro::GoState::Blocked);
    EXPECT_EQ(s1->reason, goro::BlockReason::Select);
    EXPECT_NE(std::find(s1->select_on.begin(), s1->select_on.end(), feed->id), s1->select_on.end());
    EXPECT_EQ(s3->state, goro::GoState::Blocked);
    EXPECT_EQ(s3->reason, goro::BlockReason::ChanRecv);
    EXPECT_EQ(s3->waits_on, after->id);
    // The slow stage sets the pace: 500 ms a value (the first leaves it at 510 ms).
    EXPECT_EQ(run.counter("completed"), 5);

    // Once the slow stage speeds up, everything drains and the run ends cleanly.
    std::string error;
    ASSERT_TRUE(run.params->set("stage2_delay", 10, error)) << error;
    run.result = run.runtime->run();
    check(run, expect(40, 2, 10, even));
}

// The run's end, with every channel of capacity `buffer`.
goro::Time end_with_buffers(int buffer, std::vector<std::string> sets) {
    const std::string b = std::to_string(buffer);
    for (const char* knob : {"buffer=", "stage1_buffer=", "stage2_buffer=", "stage3_buffer="})
        sets.push_back(knob + b);
    sets.push_back("timeout=600s");
    auto run = run_scenario("pipeline", sets);
    EXPECT_TRUE(completed_cleanly(run.result));
    return run.result.time;
}

TEST(Pipeline, BuffersRaiseTheThroughputOfJitteryStagesButNotOfASteadyBottleneck) {
    // A steady bottleneck (the add stage's 300 ms): it lets a value go every 300 ms whatever
    // waits in front of it.
    EXPECT_EQ(end_with_buffers(0, {"items=100"}), goro::Time(30100ms));
    EXPECT_EQ(end_with_buffers(10, {"items=100"}), goro::Time(30100ms));
    // Three stages of 100 ms each: steady, buffers change nothing either.
    const std::vector<std::string> even = {"items=200", "stage1_delay=100ms", "stage2_delay=100ms",
                                           "stage3_delay=100ms"};
    EXPECT_EQ(end_with_buffers(0, even), goro::Time(20200ms));
    EXPECT_EQ(end_with_buffers(10, even), goro::Time(20200ms));
    // Jittered by +-90%, unbuffered stages wait for each other's slow values; buffers let a
    // stage run ahead on its fast ones and take back most of the loss.
    std::vector<std::string> jittery = even;
    jittery.push_back("jitter=0.9");
    const goro::Time unbuffered = end_with_buffers(0, jittery);
    const goro::Time buffered = end_with_buffers(10, jittery);
    EXPECT_GT(unbuffered, goro::Time(25s));
    EXPECT_LT(buffered, goro::Time(23s));
}

TEST(Pipeline, RunsCleanOnTheParallelRuntime) {
    auto run =
        run_parallel("pipeline", {"items=40", "stage1_delay=5ms", "stage2_delay=20ms",
                                  "stage3_delay=5ms", "factor=3", "filter=even", "timeout=600s"});
    check(run, expect(40, 3, 10, even));
}

TEST(Pipeline, TheSameSeedGivesTheSameRun) {
    const std::vector<std::string> sets = {"items=60", "filter=even", "buffer=1"};
    const auto [a, b] = run_twice("pipeline", sets, 3);
    ASSERT_EQ(a.result.status, goro::RunStatus::Completed) << a.result.describe();
    EXPECT_EQ(a.result.time, b.result.time);
    EXPECT_EQ(observed(a, "latency"), observed(b, "latency"));
}

}  // namespace
