// pipeline: the sink gets f(x) for every input x, composed in the chosen order, in input order;
// the filter drops exactly the values it should; a slow stage fills the buffers upstream of it
// and leaves the ones downstream empty; a clean end on real threads; same seed, same run.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

constexpr std::uint64_t kMod = 1'000'000'007;

struct Expected {
    std::vector<std::int64_t> outputs;
    std::int64_t checksum = 0;
};

// What the sink should see: f(x) for x = 1..n, kept by `keep`, in order.
Expected expect(int n, const std::function<std::uint64_t(std::uint64_t)>& f,
                const std::function<bool(std::uint64_t)>& keep) {
    Expected e;
    std::uint64_t sum = 0;
    for (std::uint64_t x = 1; x <= static_cast<std::uint64_t>(n); ++x) {
        const std::uint64_t v = f(x);
        if (!keep(v)) continue;
        e.outputs.push_back(static_cast<std::int64_t>(v));
        sum = (sum + v % kMod) % kMod;
    }
    e.checksum = static_cast<std::int64_t>(sum);
    return e;
}

bool all(std::uint64_t) {
    return true;
}

void check(const gorama::testing::ScenarioRun& run, const Expected& want) {
    ASSERT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(observed(run, "output"), want.outputs);
    expect_counters(run, {{"completed", static_cast<std::int64_t>(want.outputs.size())},
                          {"checksum", want.checksum},
                          {"out of order", 0}});
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

TEST(Pipeline, TheDefaultOrderComputesDoubleOfSquarePlusOne) {
    auto run = run_scenario("pipeline", {"items=30"});
    check(run, expect(
                   30, [](std::uint64_t x) { return (x * x + 1) * 2; }, all));
}

TEST(Pipeline, TheOrderOfTheStagesIsTheOrderOfComposition) {
    const std::vector<std::string> fast = {"stage1_delay=1ms", "stage2_delay=2ms",
                                           "stage3_delay=1ms", "items=50"};
    auto with = [&](const std::vector<std::string>& more) {  // later settings win
        std::vector<std::string> sets = fast;
        sets.insert(sets.end(), more.begin(), more.end());
        return sets;
    };
    {
        SCOPED_TRACE("add-one, square");
        auto run =
            run_scenario("pipeline", with({"stage1=add-one", "stage2=square", "stage3=none"}));
        check(run, expect(
                       50, [](std::uint64_t x) { return (x + 1) * (x + 1); }, all));
    }
    {
        SCOPED_TRACE("square, add-one");
        auto run =
            run_scenario("pipeline", with({"stage1=square", "stage2=add-one", "stage3=none"}));
        check(run, expect(
                       50, [](std::uint64_t x) { return x * x + 1; }, all));
    }
    {
        SCOPED_TRACE("double, square, add-one");
        auto run =
            run_scenario("pipeline", with({"stage1=double", "stage2=square", "stage3=add-one"}));
        check(run, expect(
                       50, [](std::uint64_t x) { return 4 * x * x + 1; }, all));
    }
    {
        SCOPED_TRACE("square three times: values wrap like Go's uint64");
        auto run = run_scenario(
            "pipeline", with({"stage1=square", "stage2=square", "stage3=square", "items=300"}));
        check(run, expect(
                       300,
                       [](std::uint64_t x) {
                           x *= x;
                           x *= x;
                           return x * x;
                       },
                       all));
    }
    {
        SCOPED_TRACE("no stage at all");
        auto run = run_scenario("pipeline", with({"stage1=none", "stage2=none", "stage3=none"}));
        check(run, expect(
                       50, [](std::uint64_t x) { return x; }, all));
    }
}

TEST(Pipeline, TheFilterDropsExactlyTheValuesItShould) {
    {
        SCOPED_TRACE("square, keep even");
        auto run = run_scenario("pipeline", {"items=41", "stage1=square", "stage2=none",
                                             "stage3=none", "filter=even", "stage1_delay=5ms"});
        check(run, expect(
                       41, [](std::uint64_t x) { return x * x; },
                       [](std::uint64_t v) { return v % 2 == 0; }));
        expect_counters(run, {{"completed", 20}, {"dropped", 21}});
    }
    {
        SCOPED_TRACE("add-one, keep odd");
        auto run = run_scenario("pipeline", {"items=41", "stage1=add-one", "stage2=none",
                                             "stage3=none", "filter=odd", "stage1_delay=5ms"});
        check(run, expect(
                       41, [](std::uint64_t x) { return x + 1; },
                       [](std::uint64_t v) { return v % 2 == 1; }));
        expect_counters(run, {{"completed", 20}, {"dropped", 21}});
    }
    {
        SCOPED_TRACE("default stages, keep odd: every value is even");
        auto run = run_scenario("pipeline", {"items=10", "filter=odd"});
        check(run, Expected{});
        EXPECT_EQ(run.counter("dropped"), 10);
    }
}

TEST(Pipeline, EachStageHasItsOwnBufferSize) {
    // With stage 2 slow, the channels in front of it fill to their own capacities.
    auto run =
        prepare("pipeline", {"items=40", "buffer=2", "stage1_buffer=7", "stage2_buffer=0",
                             "stage1_delay=10ms", "stage2_delay=500ms", "stage3_delay=10ms"});
    run.result = run.runtime->run_for(3s);
    const goro::WorldState w = run.world();
    const goro::ChannelView* numbers = channel(w, "numbers");
    const goro::ChannelView* feed = channel(w, "stage 1 out");
    const goro::ChannelView* after = channel(w, "stage 2 out");
    ASSERT_TRUE(numbers && feed && after);
    EXPECT_EQ(numbers->cap, 2u);
    EXPECT_EQ(feed->cap, 7u);
    EXPECT_EQ(after->cap, 0u);
    EXPECT_EQ(numbers->buffer.size(), 2u);
    EXPECT_EQ(feed->buffer.size(), 7u);
}

TEST(Pipeline, ASlowStageFillsTheBuffersUpstreamAndStarvesTheOnesDownstream) {
    // Stage 2 takes 500 ms a value, its neighbours 10 ms: after 3 s everything in front of
    // stage 2 is full and everything after it is empty.
    auto run = prepare("pipeline",
                       {"items=40", "buffer=3", "stage1=square", "stage2=add-one", "stage3=double",
                        "stage1_delay=10ms", "stage2_delay=500ms", "stage3_delay=10ms"});
    run.result = run.runtime->run_for(3s);
    ASSERT_EQ(run.result.status, goro::RunStatus::Paused) << run.result.describe();
    const goro::WorldState w = run.world();
    const goro::ChannelView* numbers = channel(w, "numbers");
    const goro::ChannelView* feed = channel(w, "stage 1 out");  // feeds the slow stage
    const goro::ChannelView* after = channel(w, "stage 2 out");
    const goro::ChannelView* last = channel(w, "stage 3 out");
    ASSERT_TRUE(numbers && feed && after && last);
    EXPECT_EQ(numbers->buffer.size(), 3u);
    EXPECT_EQ(feed->buffer.size(), 3u);
    EXPECT_EQ(after->buffer.size(), 0u);
    EXPECT_EQ(last->buffer.size(), 0u);
    // The stages upstream wait to send; the ones downstream wait to receive.
    const goro::GoroutineView* gen = goroutine(w, "generator");
    const goro::GoroutineView* s1 = goroutine(w, "stage 1: square");
    const goro::GoroutineView* s3 = goroutine(w, "stage 3: double");
    ASSERT_TRUE(gen && s1 && s3);
    EXPECT_EQ(gen->state, goro::GoState::Blocked);
    EXPECT_EQ(gen->reason, goro::BlockReason::ChanSend);
    EXPECT_EQ(gen->waits_on, numbers->id);
    EXPECT_EQ(s1->state, goro::GoState::Blocked);
    EXPECT_EQ(s1->reason, goro::BlockReason::ChanSend);
    EXPECT_EQ(s1->waits_on, feed->id);
    EXPECT_EQ(s3->state, goro::GoState::Blocked);
    EXPECT_EQ(s3->reason, goro::BlockReason::ChanRecv);
    EXPECT_EQ(s3->waits_on, after->id);
    // The slow stage sets the pace: 500 ms a value (the first leaves stage 2 at 510 ms).
    EXPECT_EQ(run.counter("completed"), 5);

    // Once the slow stage speeds up, everything drains and the run ends cleanly.
    std::string error;
    ASSERT_TRUE(run.params->set("stage2_delay", 10, error)) << error;
    run.result = run.runtime->run();
    check(run, expect(
                   40, [](std::uint64_t x) { return (x * x + 1) * 2; }, all));
}

TEST(Pipeline, RunsCleanOnTheParallelRuntime) {
    auto run = run_parallel("pipeline", {"items=40", "stage1_delay=5ms", "stage2_delay=20ms",
                                         "stage3_delay=5ms", "filter=even"});
    check(run, expect(
                   40, [](std::uint64_t x) { return (x * x + 1) * 2; }, all));
}

TEST(Pipeline, TheSameSeedGivesTheSameRun) {
    const std::vector<std::string> sets = {"items=60", "filter=even", "buffer=1"};
    const auto [a, b] = run_twice("pipeline", sets, 3);
    ASSERT_EQ(a.result.status, goro::RunStatus::Completed) << a.result.describe();
    EXPECT_EQ(a.result.time, b.result.time);
    EXPECT_EQ(observed(a, "latency"), observed(b, "latency"));
}

}  // namespace
