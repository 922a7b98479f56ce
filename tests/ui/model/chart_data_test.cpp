// chart_data over real runs, without a GUI: the points, bins, axes and labels ChartsDock draws
// are what goro::Metrics says, for the newest windows and observations.
#include "model/chart_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "goro/metrics.hpp"
#include "goro/world_state.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/scenario_harness.hpp"

using namespace gorama::ui;

namespace {

double secs(std::int64_t ns) {
    return static_cast<double>(ns) / 1e9;
}

struct Folded {
    gorama::testing::ScenarioRun run;
    goro::Metrics metrics;
};

// Runs `name` for `seconds` of virtual time and folds its events into metrics as the window does
// live (windows of `window_ns`, no finish()).
Folded fold(const std::string& name, double seconds, const std::vector<std::string>& sets = {},
            std::int64_t window_ns = 1'000'000'000) {
    Folded f;
    f.run = gorama::testing::run_scenario(
        name, sets,
        std::chrono::duration_cast<goro::Duration>(std::chrono::duration<double>(seconds)));
    f.metrics = gorama::testing::fold_metrics(f.run, window_ns);
    return f;
}

// What ChartsDock::reset() takes from a scenario's description.
ChartOptions options_for(const std::string& name) {
    const gorama::ScenarioInfo& info = gorama::find_scenario(name)->info();
    ChartOptions o;
    for (const std::string& site : info.work_sites)
        o.work_sites.push_back(info.listing.site(site));
    for (const gorama::CounterSpec& c : info.counters)
        o.counters.push_back({c.name, c.label, c.rgb});
    return o;
}

std::string joined(const std::vector<std::string>& labels) {
    std::string out;
    for (const std::string& l : labels)
        out += l + ' ';
    return out;
}

}  // namespace

TEST(ChartData, ThroughputIsAPointPerWindowAtItsEndWithItsRate) {
    auto f = fold("worker-pool", 20);
    const auto& windows = f.metrics.windows();
    ASSERT_GE(windows.size(), 19U);
    const ThroughputChart c = throughput_chart(f.metrics);
    ASSERT_EQ(c.completed.size(), windows.size());
    double max = 0;
    for (std::size_t i = 0; i < windows.size(); ++i) {
        EXPECT_DOUBLE_EQ(c.completed[i].x, secs(windows[i].end)) << i;
        EXPECT_DOUBLE_EQ(c.completed[i].y, static_cast<double>(windows[i].completed)) << i;
        max = std::max(max, c.completed[i].y);
    }
    // Three workers at 500 ms a task complete some every second; the axis leaves room above.
    EXPECT_GT(c.completed.back().y, 0.0);
    EXPECT_GE(c.y.max, max * 1.1);
    EXPECT_EQ(c.y.min, 0.0);
    // The time axis spans the windows, from the first one's start.
    EXPECT_DOUBLE_EQ(c.x.min, secs(windows.front().start));
    EXPECT_DOUBLE_EQ(c.x.max, secs(windows.back().end));
    EXPECT_EQ(c.x.labels().front(), "0 s");
}

TEST(ChartData, ShortWindowsArePlottedAsAOneSecondMovingRate) {
    auto f = fold("worker-pool", 8, {}, 250'000'000);  // the window folds 250 ms windows
    const auto& windows = f.metrics.windows();
    ASSERT_GE(windows.size(), 31U);
    const ThroughputChart c = throughput_chart(f.metrics);
    ASSERT_EQ(c.completed.size(), windows.size());
    // Each point is what the last second (the last four windows; fewer at the start) completed,
    // per second: no 0/4/8/12 zigzag of quarter-second bins.
    bool differs_from_its_bin = false;
    for (std::size_t i = 0; i < windows.size(); ++i) {
        const std::size_t from = i >= 3 ? i - 3 : 0;
        double completed = 0;
        for (std::size_t j = from; j <= i; ++j)
            completed += static_cast<double>(windows[j].completed);
        const double span = secs(windows[i].end - windows[from].start);
        EXPECT_DOUBLE_EQ(c.completed[i].y, completed / span) << i;
        differs_from_its_bin = differs_from_its_bin ||
                               c.completed[i].y != static_cast<double>(windows[i].completed) * 4.0;
    }
    EXPECT_TRUE(differs_from_its_bin);
}

TEST(ChartData, ALastPartialWindowDoesNotSpike) {
    // The run ends 30 ms into a window: finish() closes it with whatever completed in it. Per
    // second of its own length, one completion would read 33/s against a real rate of 6/s.
    auto f = fold("worker-pool", 8.03, {}, 250'000'000);
    f.metrics.finish(8'030'000'000);
    const auto& windows = f.metrics.windows();
    ASSERT_EQ(windows.back().end - windows.back().start, 30'000'000);
    const ThroughputChart c = throughput_chart(f.metrics);
    double before = 0;  // the rate over the second before the partial window
    for (std::size_t j = windows.size() - 5; j < windows.size() - 1; ++j)
        before += static_cast<double>(windows[j].completed);
    const double last = c.completed.back().y;
    const double with_partial =
        (before + static_cast<double>(windows.back().completed)) / 1.03;  // five windows
    EXPECT_DOUBLE_EQ(last, with_partial);
    EXPECT_NEAR(last, before, 1.5);  // about six a second, as before the end
}

TEST(ChartData, TimeChartsShowTheNewestWindowsOnly) {
    auto f = fold("worker-pool", 75);
    const auto& windows = f.metrics.windows();
    ASSERT_GT(windows.size(), 70U);
    const ChartData c = chart_data(f.metrics);
    ASSERT_EQ(c.throughput.completed.size(), 60U);
    const goro::MetricsWindow& first = windows[windows.size() - 60];
    EXPECT_DOUBLE_EQ(c.throughput.completed.front().x, secs(first.end));
    EXPECT_DOUBLE_EQ(c.throughput.completed.back().x, secs(windows.back().end));
    for (const ChartAxis& x : {c.throughput.x, c.depth.x, c.states.x, c.counters.x}) {
        EXPECT_DOUBLE_EQ(x.min, secs(first.start));
        EXPECT_DOUBLE_EQ(x.max, secs(windows.back().end));
    }
    EXPECT_EQ(c.states.counts[0].size(), 60U);
    // Fewer when asked.
    EXPECT_EQ(throughput_chart(f.metrics, {.shown_windows = 5}).completed.size(), 5U);
}

TEST(ChartData, ABriefRunStillGetsATenSecondTimeAxis) {
    auto f = fold("worker-pool", 2.5);
    const ChartAxis x = time_axis(f.metrics);
    EXPECT_EQ(x.min, 0.0);
    EXPECT_EQ(x.max, 10.0);
    EXPECT_EQ(joined(x.labels()), "0 s 2 s 4 s 6 s 8 s 10 s ");
    const ChartAxis none = time_axis(goro::Metrics());
    EXPECT_EQ(none.min, 0.0);
    EXPECT_EQ(none.max, 10.0);
}

TEST(ChartData, DepthIsOneLinePerBufferedChannelButNotForTimers) {
    auto f = fold("worker-pool", 10, {"submit_interval=50ms", "queue_size=5"});
    const DepthChart c = depth_chart(f.metrics);
    std::vector<std::string> names;
    for (const DepthLine& l : c.lines)
        names.push_back(l.name);
    const auto has = [&](const char* n) {
        return std::find(names.begin(), names.end(), n) != names.end();
    };
    EXPECT_TRUE(has("tasks")) << joined(names);
    EXPECT_TRUE(has("results")) << joined(names);
    EXPECT_FALSE(has("ticker.C"));     // a ticker's channel
    EXPECT_FALSE(has("pool.Done()"));  // unbuffered
    const auto tasks = std::find_if(c.lines.begin(), c.lines.end(),
                                    [](const DepthLine& l) { return l.name == "tasks"; });
    ASSERT_NE(tasks, c.lines.end());
    const auto& windows = f.metrics.windows();
    ASSERT_EQ(tasks->points.size(), windows.size());
    double max = 0;
    for (std::size_t i = 0; i < windows.size(); ++i) {
        EXPECT_EQ(tasks->points[i].y, static_cast<double>(windows[i].depth.at(tasks->id))) << i;
        max = std::max(max, tasks->points[i].y);
    }
    // Submitting every 50 ms to three workers at 500 ms a task fills the queue of five, and the
    // axis tops at the capacity: "full" is the top of the chart.
    EXPECT_EQ(max, 5.0);
    EXPECT_EQ(c.y.max, 5.0);
    EXPECT_EQ(joined(c.y.labels()), "0 1 2 3 4 5 ");
}

// Plumbing has no box on the canvas and no line in the depth chart: the worker pool's retire
// channel (buffered, one slot per worker) is left out once the scenario's roles are given.
TEST(ChartData, DepthLeavesOutThePlumbingTheScenarioDeclares) {
    auto f = fold("worker-pool", 10, {"submit_interval=50ms"});
    auto names = [](const DepthChart& c) {
        std::vector<std::string> out;
        for (const DepthLine& l : c.lines)
            out.push_back(l.name);
        return joined(out);
    };
    EXPECT_NE(names(depth_chart(f.metrics)).find("retire"), std::string::npos)
        << "without roles every buffered channel has a line";
    ChartOptions o;
    o.roles = gorama::find_scenario("worker-pool")->info().roles;
    const std::string shown = names(depth_chart(f.metrics, o));
    EXPECT_EQ(shown.find("retire"), std::string::npos) << shown;
    EXPECT_NE(shown.find("tasks"), std::string::npos) << shown;
}

TEST(ChartData, ACollectedChannelsDepthLineStaysWithinTheCapLatestCollectedFirst) {
    // select-default makes a buffered result channel per request. Once collected, its line
    // stays where the channel was (its history is what a teacher points back at); over the cap
    // of ten lines, the channels collected earliest give way first.
    auto f = fold("select-default", 10, {}, 250'000'000);
    std::vector<goro::ChannelStats> gone;  // charted: reachable at a window's end
    for (const goro::ChannelStats& ch : f.metrics.channels()) {
        bool has_points = false;
        for (const goro::MetricsWindow& w : f.metrics.windows())
            has_points = has_points || w.depth.contains(ch.id);
        if (ch.gone && ch.cap > 0 && !ch.timer && has_points) gone.push_back(ch);
    }
    ASSERT_GE(gone.size(), 10U);  // more than the legend would hold
    const DepthChart c = depth_chart(f.metrics);
    ASSERT_EQ(c.lines.size(), 10U);
    bool buf = false;
    std::int64_t earliest_kept = INT64_MAX;
    std::size_t gone_lines = 0;
    for (const DepthLine& l : c.lines) {
        buf = buf || l.name == "buf";
        const std::optional<goro::ChannelStats> ch = f.metrics.channel(l.id);
        ASSERT_TRUE(ch.has_value());
        EXPECT_EQ(l.gone, ch->gone);
        if (ch->gone) {
            ++gone_lines;
            earliest_kept = std::min(earliest_kept, ch->gone_at);
            // Its points are the windows that ended while it was reachable, and no others.
            std::size_t reachable = 0;
            for (const goro::MetricsWindow& w : f.metrics.windows())
                reachable += w.depth.contains(l.id);
            EXPECT_EQ(l.points.size(), reachable) << l.name;
            ASSERT_FALSE(l.points.empty());
            EXPECT_LE(l.points.back().x, secs(ch->gone_at) + 1.0);
        }
    }
    EXPECT_TRUE(buf);
    EXPECT_GT(gone_lines, 0U);
    // Every collected channel with history that is not drawn went before every one drawn.
    std::size_t left_out = 0;
    for (const goro::ChannelStats& ch : gone) {
        const bool drawn = std::any_of(c.lines.begin(), c.lines.end(),
                                       [&](const DepthLine& l) { return l.id == ch.id; });
        if (!drawn) {
            ++left_out;
            EXPECT_LE(ch.gone_at, earliest_kept) << ch.name;
        }
    }
    EXPECT_GT(left_out, 0U);
    // In creation order, so that a line keeps its place in the legend.
    EXPECT_TRUE(std::is_sorted(c.lines.begin(), c.lines.end(),
                               [](const DepthLine& a, const DepthLine& b) { return a.id < b.id; }));
}

TEST(ChartData, StatesAreTheCanvasStatesOfEveryGoroutineAtEachWindowsEnd) {
    // The states chart counts each goroutine in the state the canvas shows it in
    // (visual_state() with the scenario's work sites), folded independently here by a
    // WorldState replayed up to each window's end. Workers sleeping at "work" are running.
    auto f = fold("worker-pool", 12);
    const ChartOptions o = options_for("worker-pool");
    ASSERT_FALSE(o.work_sites.empty());
    const StatesChart c = states_chart(f.metrics, o);
    const auto& windows = f.metrics.windows();
    ASSERT_EQ(c.counts[0].size(), windows.size());
    const goro::Recorder& rec = *f.run.recorder;
    goro::WorldState world;
    std::uint64_t next = 0;
    const std::size_t finished = charted_index(VisualState::Finished);
    for (std::size_t i = 0; i < windows.size(); ++i) {
        while (next < rec.published() && rec.at(next).time <= windows[i].end) {
            world.apply(rec.at(next), rec.text(rec.at(next).text));
            ++next;
        }
        std::array<double, StatesChart::kStates> expected{};
        for (const auto& [id, g] : world.goroutines)
            expected[charted_index(visual_state(g, o.work_sites))] += 1;
        double base = 0;
        for (std::size_t s = 0; s < StatesChart::kStates; ++s) {
            // Finished: those that ended during the window (the world forgets finished
            // goroutines beyond its last few; the metrics count them).
            if (s == finished) {
                EXPECT_EQ(c.counts[s][i].y,
                          static_cast<double>(windows[i].finished -
                                              (i > 0 ? windows[i - 1].finished : 0)));
            } else {
                EXPECT_EQ(c.counts[s][i].y, expected[s])
                    << i << ' ' << visual_state_label(kChartedStates[s]);
            }
            EXPECT_EQ(c.lower[s][i].y, base);
            base += c.counts[s][i].y;
            EXPECT_EQ(c.upper[s][i].y, base);
            EXPECT_DOUBLE_EQ(c.upper[s][i].x, secs(windows[i].end));
        }
        EXPECT_GE(c.y.max, base);
    }
    // The categories a class tells apart occur: working, the submitter pausing between tasks
    // (a sleep that is not work), workers and the collector waiting in their selects.
    for (VisualState s : {VisualState::Running, VisualState::Sleeping, VisualState::Select}) {
        EXPECT_TRUE(c.seen[charted_index(s)]) << visual_state_label(s);
    }
    // Without the work sites, the same sleeps are sleeping: the workers' work moves bands.
    const StatesChart plain = states_chart(f.metrics);
    const std::size_t running = charted_index(VisualState::Running);
    const std::size_t sleeping = charted_index(VisualState::Sleeping);
    double moved = 0;
    for (std::size_t i = 0; i < windows.size(); ++i) {
        EXPECT_EQ(plain.counts[running][i].y + plain.counts[sleeping][i].y,
                  c.counts[running][i].y + c.counts[sleeping][i].y);
        moved += c.counts[running][i].y - plain.counts[running][i].y;
    }
    EXPECT_GT(moved, static_cast<double>(windows.size()));  // three workers, mostly working
}

TEST(ChartData, FanOutsTimerInASelectIsWork) {
    // fan-out's workers work on a timer raced against ctx.Done() in a select, at "work".
    auto f = fold("fan-out-fan-in", 3);
    const StatesChart c = states_chart(f.metrics, options_for("fan-out-fan-in"));
    const StatesChart plain = states_chart(f.metrics);
    const std::size_t running = charted_index(VisualState::Running);
    const std::size_t select = charted_index(VisualState::Select);
    double working = 0;
    for (std::size_t i = 0; i < c.counts[running].size(); ++i) {
        working += c.counts[running][i].y;
        EXPECT_EQ(c.counts[select][i].y + c.counts[running][i].y,
                  plain.counts[select][i].y + plain.counts[running][i].y);
    }
    EXPECT_GT(working, 0.0);
}

TEST(ChartData, CountersHaveTheirScenariosOrderWordsAndColoursWhenEverTheyFirstCounted) {
    // rate-limit describes its counters: denied red, admitted green, in its own order and words.
    auto early = fold("rate-limit", 3);
    auto f = fold("rate-limit", 12);
    const ChartOptions o = options_for("rate-limit");
    ASSERT_FALSE(o.counters.empty());
    const CountersChart c = counters_chart(f.metrics, o);
    std::vector<std::string> names;
    for (const CounterLine& l : c.lines)
        names.push_back(l.name);
    // The described order (refilled, tokens_dropped, denied, admitted), of those that counted.
    EXPECT_EQ(joined(names), "refilled denied admitted ");
    for (const CounterLine& l : c.lines) {
        const auto spec = std::find_if(o.counters.begin(), o.counters.end(),
                                       [&](const CounterStyle& s) { return s.name == l.name; });
        ASSERT_NE(spec, o.counters.end());
        EXPECT_EQ(l.label, spec->label);
        EXPECT_EQ(l.rgb, spec->rgb);
        EXPECT_EQ(l.label.find('_'), std::string::npos) << l.label;
    }
    const auto line = [&](const CountersChart& chart, const char* name) {
        return *std::find_if(chart.lines.begin(), chart.lines.end(),
                             [&](const CounterLine& l) { return l.name == name; });
    };
    EXPECT_EQ(line(c, "denied").rgb, 0xd55e00U);    // vermillion (Okabe-Ito red)
    EXPECT_EQ(line(c, "admitted").rgb, 0x009e73U);  // bluish green
    // Earlier in the run, the counters so far in the same order and colours.
    const CountersChart before = counters_chart(early.metrics, o);
    ASSERT_FALSE(before.lines.empty());
    for (const CounterLine& l : before.lines)
        EXPECT_EQ(l.rgb, line(c, l.name.c_str()).rgb);
    // Per second in one-second windows: the line sums to what was counted.
    double total = 0;
    for (const ChartPoint& p : line(c, "denied").points)
        total += p.y;
    std::int64_t expected_total = 0;
    for (const goro::MetricsWindow& w : f.metrics.windows()) {
        auto it = w.counters.find("denied");
        if (it != w.counters.end()) expected_total += it->second;
    }
    EXPECT_GT(expected_total, 0);
    EXPECT_DOUBLE_EQ(total, static_cast<double>(expected_total));
    // A cap keeps the first.
    ChartOptions one = o;
    one.max_counter_lines = 1;
    ASSERT_EQ(counters_chart(f.metrics, one).lines.size(), 1U);
    EXPECT_EQ(counters_chart(f.metrics, one).lines[0].name, "refilled");
}

TEST(ChartData, UndescribedCountersAreInNameOrderInWordsAndColouredByName) {
    auto f = fold("rate-limit", 12);
    const CountersChart c = counters_chart(f.metrics);
    std::vector<std::string> names;
    for (const CounterLine& l : c.lines) {
        names.push_back(l.name);
        EXPECT_EQ(l.label, counter_label(l.name));
        EXPECT_EQ(l.rgb, counter_color(l.name));
    }
    std::vector<std::string> expected;
    for (const auto& [name, total] : f.metrics.counters())
        if (name != "completed") expected.push_back(name);
    EXPECT_EQ(names, expected);
    EXPECT_EQ(counter_label("tokens_dropped"), "tokens dropped");
    // A colour belongs to a name, not to the order names came in.
    EXPECT_EQ(counter_color("errors"), counter_color(std::string("err") + "ors"));
    EXPECT_NE(counter_color("errors"), counter_color("submitted"));
}

TEST(ChartData, TheLatencyHistogramBinsCoverEveryLatency) {
    auto f = fold("worker-pool", 20);
    const auto& lat = f.metrics.latencies();
    ASSERT_GT(lat.size(), 10U);
    const LatencyChart c = latency_chart(f.metrics);
    ASSERT_EQ(c.observations, lat.size());
    ASSERT_GE(c.bins.size(), 2U);
    EXPECT_LE(c.bins.size(), 13U);
    std::size_t sum = 0;
    for (std::size_t b = 0; b < c.bins.size(); ++b) {
        sum += c.bins[b].count;
        EXPECT_GT(c.bins[b].upper, c.bins[b].lower);
        if (b > 0) {
            EXPECT_EQ(c.bins[b].lower, c.bins[b - 1].upper);  // adjacent, ascending
        }
    }
    EXPECT_EQ(sum, lat.size());
    // Each latency is in the bin that counts it.
    for (std::int64_t v : lat) {
        const auto in = std::count_if(c.bins.begin(), c.bins.end(), [&](const LatencyBin& b) {
            return b.lower <= static_cast<double>(v) && static_cast<double>(v) < b.upper;
        });
        EXPECT_EQ(in, 1) << v;
    }
    const auto [min, max] = std::minmax_element(lat.begin(), lat.end());
    EXPECT_LE(c.bins.front().lower, static_cast<double>(*min));
    EXPECT_GT(c.bins.front().upper, static_cast<double>(*min));
    EXPECT_GT(c.bins.back().upper, static_cast<double>(*max));
    // Drawn as bars in the axis' unit: up and down at each bin's edges.
    ASSERT_EQ(c.outline.size(), 3 * c.bins.size() + 1);
    EXPECT_EQ(c.outline.front().y, 0.0);
    for (std::size_t b = 0; b < c.bins.size(); ++b) {
        EXPECT_DOUBLE_EQ(c.outline[3 * b + 1].x, c.bins[b].lower / c.unit);
        EXPECT_EQ(c.outline[3 * b + 1].y, static_cast<double>(c.bins[b].count));
        EXPECT_DOUBLE_EQ(c.outline[3 * b + 3].x, c.bins[b].upper / c.unit);
    }
    EXPECT_DOUBLE_EQ(c.x.min, c.bins.front().lower / c.unit);
    EXPECT_DOUBLE_EQ(c.x.max, c.bins.back().upper / c.unit);
}

TEST(ChartData, ThePercentilesAreMetricsOwn) {
    auto f = fold("worker-pool", 20);
    const LatencyChart c = latency_chart(f.metrics);
    ASSERT_FALSE(c.empty());
    EXPECT_EQ(c.p50, f.metrics.latency_percentile(50));
    EXPECT_EQ(c.p95, f.metrics.latency_percentile(95));
    EXPECT_EQ(c.p99, f.metrics.latency_percentile(99));
    EXPECT_LT(c.p50, c.p95);
    // Vertical lines from the axis to the top of the chart, where the percentiles are.
    ASSERT_EQ(c.p50_line.size(), 2U);
    ASSERT_EQ(c.p95_line.size(), 2U);
    EXPECT_DOUBLE_EQ(c.p50_line[0].x, static_cast<double>(c.p50) / c.unit);
    EXPECT_EQ(c.p50_line[1].x, c.p50_line[0].x);
    EXPECT_EQ(c.p50_line[0].y, 0.0);
    EXPECT_EQ(c.p50_line[1].y, c.y.max);
    EXPECT_DOUBLE_EQ(c.p95_line[0].x, static_cast<double>(c.p95) / c.unit);
    // Queued tasks wait for seconds: the axis reads in seconds, from one up.
    EXPECT_EQ(c.unit_name, "s");
    EXPECT_EQ(c.unit, 1e9);
    EXPECT_GE(c.x.max, 1.0);
}

TEST(ChartData, TheHistogramAndItsPercentilesCoverTheNewestObservations) {
    auto f = fold("worker-pool", 20);
    const auto& lat = f.metrics.latencies();
    ASSERT_GT(lat.size(), 20U);
    const LatencyChart c = latency_chart(f.metrics, {.latency_sample = 10});
    EXPECT_EQ(c.observations, 10U);
    std::size_t sum = 0;
    for (const LatencyBin& b : c.bins)
        sum += b.count;
    EXPECT_EQ(sum, 10U);
    std::vector<std::int64_t> newest(lat.end() - 10, lat.end());
    std::sort(newest.begin(), newest.end());
    EXPECT_EQ(c.p50, goro::nearest_rank_percentile(newest, 50));
    EXPECT_EQ(c.p95, goro::nearest_rank_percentile(newest, 95));
    // nearest_rank_percentile is what Metrics uses over all its observations.
    std::vector<std::int64_t> sorted = lat;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(goro::nearest_rank_percentile(sorted, 50), f.metrics.latency_percentile(50));
    EXPECT_EQ(goro::nearest_rank_percentile(sorted, 100), sorted.back());
    EXPECT_EQ(goro::nearest_rank_percentile(sorted, 0), sorted.front());
}

TEST(ChartData, OneLatencyAloneStillGetsAnAxisWhoseLabelsDiffer) {
    // pitfall-leak completes one request in its first 1.7 s (179 ms): the histogram used to be
    // one bin a nanosecond wide, and every label along the axis read "179".
    auto f = fold("pitfall-leak", 1.7);
    ASSERT_EQ(f.metrics.latency_count(), 1U);
    const LatencyChart c = latency_chart(f.metrics);
    const std::vector<std::string> labels = c.x.labels();
    ASSERT_GE(labels.size(), 3U) << joined(labels);
    for (std::size_t i = 1; i < labels.size(); ++i)
        EXPECT_NE(labels[i], labels[i - 1]) << joined(labels);
    EXPECT_EQ(c.unit_name, "ms");
    // The one observation is inside the axis, in its one bin, with its percentile lines.
    EXPECT_EQ(c.p50, f.metrics.latencies().front());
    EXPECT_EQ(c.p50, c.p95);
    const double x = c.p50_line[0].x;
    EXPECT_GE(x, std::stod(labels.front()));
    EXPECT_LE(x, std::stod(labels.back()));
    std::size_t counted = 0;
    for (const LatencyBin& b : c.bins)
        counted += b.count;
    EXPECT_EQ(counted, 1U);
}

TEST(ChartData, NoLatencyYetDrawsNoHistogram) {
    auto f = fold("worker-pool", 0.2);
    ASSERT_EQ(f.metrics.latency_count(), 0U);
    const LatencyChart c = latency_chart(f.metrics);
    EXPECT_TRUE(c.empty());
    EXPECT_TRUE(c.bins.empty());
    EXPECT_TRUE(c.outline.empty());
    EXPECT_TRUE(c.p50_line.empty());
    EXPECT_EQ(c.p50, -1);
}

TEST(ChartData, CountAxesReadInWholeRoundSteps) {
    for (double max : {0.0, 1.0, 2.2, 4.4, 7.0, 13.0, 23.0, 99.0, 101.0, 640.0}) {
        const ChartAxis a = count_axis(max);
        EXPECT_EQ(a.min, 0.0);
        EXPECT_GE(a.max, std::max(max, 1.0));
        EXPECT_GE(a.tick, 1.0);
        EXPECT_EQ(a.tick, nice_ceiling(a.tick));  // 1, 2 or 5 x 10^k
        const std::vector<std::string> labels = a.labels();
        EXPECT_GE(labels.size(), 2U) << max;
        EXPECT_LE(labels.size(), 11U) << max;
        for (const std::string& l : labels)
            EXPECT_EQ(l.find('.'), std::string::npos) << max << ": " << joined(labels);
    }
    EXPECT_EQ(joined(count_axis(23).labels()), "0 10 20 30 40 50 ");
    EXPECT_EQ(joined(span_axis(0.5, 1.5, label_format_for(0.2)).labels()), "0.6 0.8 1.0 1.2 1.4 ");
}

TEST(ChartData, TheRecentRateIsOverTheLastSecondOfWindows) {
    auto f = fold("worker-pool", 8, {}, 250'000'000);
    const auto& windows = f.metrics.windows();
    ASSERT_GE(windows.size(), 4U);
    std::uint64_t last_four = 0;
    for (std::size_t i = windows.size() - 4; i < windows.size(); ++i)
        last_four += windows[i].completed;
    ASSERT_EQ(windows.back().end - windows[windows.size() - 4].start, 1'000'000'000);
    const ChartData c = chart_data(f.metrics);
    ASSERT_TRUE(c.rate.has_value());
    EXPECT_DOUBLE_EQ(*c.rate, static_cast<double>(last_four));
    EXPECT_EQ(c.completed, f.metrics.completed());
    EXPECT_FALSE(recent_rate(goro::Metrics()).has_value());
}
