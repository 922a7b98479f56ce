// select-default: every non-blocking send and receive takes default exactly when Go's would,
// a slow result times out at exactly the timeout, and the run ends cleanly.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "scenario_harness.hpp"

using namespace std::chrono_literals;

namespace {

using namespace gorama::testing;

std::vector<std::int64_t> ms(std::initializer_list<std::int64_t> values) {
    std::vector<std::int64_t> out;
    for (std::int64_t v : values)
        out.push_back(v * kMs);
    return out;
}

goro::GoroutineId goroutine_named(const ScenarioRun& run, std::string_view name) {
    for (std::uint64_t i = 0; i < run.recorder->published(); ++i) {
        const goro::Event& e = run.recorder->at(i);
        if (e.kind == goro::EventKind::GoCreate && run.recorder->text(e.text) == name) return e.g;
    }
    return 0;
}

// The instants at which goroutine `name` took a select's default.
std::vector<std::int64_t> defaults_of(const ScenarioRun& run, std::string_view name) {
    const goro::GoroutineId g = goroutine_named(run, name);
    EXPECT_NE(g, 0U) << name;
    std::vector<std::int64_t> out;
    for (std::uint64_t i = 0; i < run.recorder->published(); ++i) {
        const goro::Event& e = run.recorder->at(i);
        if (e.kind == goro::EventKind::SelectDefault && e.g == g) out.push_back(e.time);
    }
    return out;
}

TEST(SelectDefault, TheThirdNonBlockingSendIntoABufferOfTwoIsDropped) {
    // The consumer polls once at 0 (empty), then is busy for a second: the producer's offers
    // at 10 and 20 ms fill the buffer, those at 30, 40 and 50 ms find it full.
    auto run = run_scenario("select-default",
                            {"buffer=2", "producer_delay=10ms", "consumer_delay=1s", "items=5",
                             "timeout=100ms", "slow_result_time=10ms", "jitter=0"});
    expect_clean_end(run);
    EXPECT_EQ(metric_times(run, "sent"), ms({10, 20}));
    EXPECT_EQ(metric_times(run, "dropped"), ms({30, 40, 50}));
    EXPECT_EQ(defaults_of(run, "producer"), ms({30, 40, 50}));
    // The consumer drains what was kept, one value a second, then sees the channel closed.
    EXPECT_EQ(metric_times(run, "polled_empty"), ms({0}));
    EXPECT_EQ(metric_times(run, "received"), ms({1000, 2000}));
    EXPECT_EQ(run.result.time, goro::Time(3s));
}

TEST(SelectDefault, PollingAnEmptyChannelTakesDefaultUntilAValueIsThere) {
    // One value, offered at 1050 ms; the consumer polls every 100 ms from 0.
    auto run =
        run_scenario("select-default", {"buffer=2", "producer_delay=1050ms", "consumer_delay=100ms",
                                        "items=1", "slow_result_time=10ms", "jitter=0"});
    expect_clean_end(run);
    EXPECT_EQ(metric_times(run, "polled_empty"),
              ms({0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000}));
    EXPECT_EQ(defaults_of(run, "consumer"), metric_times(run, "polled_empty"));
    EXPECT_EQ(metric_times(run, "received"), ms({1100}));
    expect_counters(run, {{"sent", 1}, {"dropped", 0}});
    // The next poll, at 1200 ms, finds the channel closed and drained: the consumer returns.
    EXPECT_EQ(run.result.time, goro::Time(1200ms));
}

TEST(SelectDefault, AnUnbufferedNonBlockingSendNeedsAWaitingReceiver) {
    // A polling consumer never waits on the channel, so with no buffer every send is dropped.
    auto run = run_scenario("select-default", {"buffer=0", "producer_delay=10ms",
                                               "consumer_delay=3ms", "items=6", "jitter=0"});
    expect_clean_end(run);
    expect_counters(run, {{"sent", 0}, {"dropped", 6}, {"received", 0}});
    EXPECT_GT(run.counter("polled_empty"), 0);
}

// Three requests, each made when the one before it is over, against a 100 ms timeout, each
// result ready `slow_result_time` after its request; run to its end, which must be clean.
ScenarioRun run_three_requests(const std::string& slow_result_time) {
    auto run = run_scenario("select-default",
                            {"timeout=100ms", "slow_result_time=" + slow_result_time, "jitter=0",
                             "items=3", "producer_delay=10ms", "consumer_delay=10ms"});
    expect_clean_end(run);
    return run;
}

TEST(SelectDefault, ASlowResultTimesOutAtExactlyTheTimeout) {
    auto run = run_three_requests("250ms");
    // Each request starts when the previous one gave up.
    EXPECT_EQ(metric_times(run, "timeouts"), ms({100, 200, 300}));
    EXPECT_EQ(run.counter("completed"), 0);
    // The abandoned results are still delivered, into their buffered channels: the last one at
    // 200 + 250 ms. Nothing is left blocked.
    EXPECT_EQ(run.result.time, goro::Time(450ms));
}

TEST(SelectDefault, AResultWithinTheTimeoutArrivesWhenItIsReady) {
    auto run = run_three_requests("40ms");
    EXPECT_EQ(metric_times(run, "completed"), ms({40, 80, 120}));
    EXPECT_EQ(run.counter("timeouts"), 0);
    const goro::Metrics m = run.metrics();
    EXPECT_EQ(m.latency_count(), 3U);
    EXPECT_EQ(m.latency_percentile(0), 40 * kMs);
    EXPECT_EQ(m.latency_percentile(100), 40 * kMs);
}

TEST(SelectDefault, EachRequestsChannelsAreCollectedOnceTheRequestIsOver) {
    // Every request makes a result channel ("slow N") and a time.After; once the request is
    // answered or timed out nothing refers to them, and Go would collect both. The fold and
    // the metrics drop them: the picture and the queue-depth chart show what is alive.
    auto run = run_scenario("select-default", {}, 5s);
    std::map<goro::ObjectId, std::int64_t> gone_at;
    for (const goro::Event& e : run.recorder->events()) {
        if (e.kind == goro::EventKind::ChanUnreachable) gone_at[e.object] = e.time;
    }
    const goro::WorldState w = run.world();
    const goro::Metrics m = run.metrics();
    int slow_made = 0, slow_gone = 0;
    for (const goro::ChannelStats& c : m.channels()) {
        if (c.name.rfind("slow ", 0) != 0) continue;
        ++slow_made;
        ASSERT_EQ(c.gone, gone_at.count(c.id) == 1) << c.name;
        if (!c.gone) {
            EXPECT_NE(w.channel(c.id), nullptr) << c.name;
            continue;
        }
        ++slow_gone;
        EXPECT_EQ(w.channel(c.id), nullptr) << c.name;
        for (const goro::MetricsWindow& win : m.windows()) {
            if (win.end > gone_at[c.id]) {
                EXPECT_EQ(win.depth.count(c.id), 0U) << c.name << " in the window to " << win.end;
            }
        }
    }
    EXPECT_GE(slow_made, 10);
    EXPECT_GE(slow_gone, slow_made - 2);  // at most the request in flight and the next
    // The buffer main made is alive throughout.
    int bufs = 0;
    for (const auto& [id, c] : w.channels)
        bufs += c.name == "buf";
    EXPECT_EQ(bufs, 1);
}

TEST(SelectDefault, RunsCleanOnTheParallelRuntime) {
    auto run = run_parallel("select-default",
                            {"buffer=2", "producer_delay=5ms", "consumer_delay=8ms", "items=20",
                             "timeout=20ms", "slow_result_time=20ms", "jitter=0.5"});
    EXPECT_TRUE(completed_cleanly(run.result));
    EXPECT_EQ(run.counter("sent") + run.counter("dropped"), 20);
    EXPECT_EQ(run.counter("received"), run.counter("sent"));
    EXPECT_EQ(run.counter("completed") + run.counter("timeouts"), 20);
}

TEST(SelectDefault, TheSameSeedGivesTheSameRun) {
    const auto [a, b] = run_twice("select-default", {}, 5);
    auto c = run_scenario("select-default", {}, goro::Duration(0), goro::Mode::Deterministic, 6);
    EXPECT_EQ(a.counter("timeouts"), b.counter("timeouts"));
    EXPECT_EQ(a.metrics().latency_percentile(50), b.metrics().latency_percentile(50));
    EXPECT_NE(a.metrics().latency_percentile(50), c.metrics().latency_percentile(50));
}

}  // namespace
