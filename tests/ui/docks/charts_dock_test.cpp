// ChartsDock over real runs: each chart shows what goro::Metrics says, for the last 60 windows.
#include <gtest/gtest.h>

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QImage>
#include <QValueAxis>
#include <algorithm>
#include <numeric>

#include "docks/charts_dock.hpp"
#include "docks_test_support.hpp"
#include "goro/event_format.hpp"
#include "scenarios/scenario.hpp"
#include "style/canvas_palette.hpp"

using gorama::ui::ChartsDock;
using gorama::ui::testing::fold_run;

namespace {

double secs(std::int64_t ns) {
    return static_cast<double>(ns) / 1e9;
}

const gorama::ScenarioInfo& info(const char* name) {
    return gorama::find_scenario(name)->info();
}

}  // namespace

TEST(ChartsDock, ThroughputGetsAPointAWindowAndItsLastValueIsTheLastWindowsRate) {
    auto f = fold_run("worker-pool", 20);
    ChartsDock dock;
    dock.reset(info("worker-pool"));
    dock.update_metrics(f.metrics);
    const auto& windows = f.metrics.windows();
    ASSERT_GE(windows.size(), 19U);
    const QList<QPointF> pts = dock.points("throughput", "completed/s");
    ASSERT_EQ(pts.size(), static_cast<qsizetype>(windows.size()));
    const goro::MetricsWindow& last = windows.back();
    EXPECT_DOUBLE_EQ(pts.back().x(), secs(last.end));
    EXPECT_DOUBLE_EQ(pts.back().y(),
                     static_cast<double>(last.completed) / secs(last.end - last.start));
    EXPECT_GT(pts.back().y(), 0.0);  // three workers at 500 ms a task complete some each second
    // Every point is its window's rate.
    for (qsizetype i = 0; i < pts.size(); ++i)
        EXPECT_DOUBLE_EQ(pts[i].y(),
                         static_cast<double>(windows[static_cast<std::size_t>(i)].completed))
            << i;
}

TEST(ChartsDock, ShortWindowsArePlottedPerSecond) {
    // The window folds metrics in 250 ms windows.
    auto f = fold_run("worker-pool", 8, {}, 250'000'000);
    ChartsDock dock;
    dock.reset(info("worker-pool"));
    dock.update_metrics(f.metrics);
    const auto& windows = f.metrics.windows();
    ASSERT_GE(windows.size(), 31U);
    const QList<QPointF> pts = dock.points("throughput", "completed/s");
    ASSERT_EQ(pts.size(), static_cast<qsizetype>(windows.size()));
    double completed = 0;
    for (qsizetype i = 0; i < pts.size(); ++i) {
        const auto& w = windows[static_cast<std::size_t>(i)];
        EXPECT_DOUBLE_EQ(pts[i].y(), static_cast<double>(w.completed) * 4.0) << i;
        completed += pts[i].y() / 4.0;
    }
    // Every completion up to the last closed window's end is in the chart (the open window is
    // not shown until it closes).
    const auto times = gorama::testing::metric_times(f.run, "completed");
    const auto closed = std::count_if(times.begin(), times.end(),
                                      [&](std::int64_t t) { return t <= windows.back().end; });
    EXPECT_EQ(completed, static_cast<double>(closed));
    EXPECT_GT(closed, 20);
}

TEST(ChartsDock, ShowsOnlyTheLastSixtyWindows) {
    auto f = fold_run("worker-pool", 75);
    ChartsDock dock;
    dock.reset(info("worker-pool"));
    dock.update_metrics(f.metrics);
    const auto& windows = f.metrics.windows();
    ASSERT_GT(windows.size(), 70U);
    const QList<QPointF> pts = dock.points("throughput", "completed/s");
    ASSERT_EQ(pts.size(), ChartsDock::kShownWindows);
    EXPECT_DOUBLE_EQ(pts.front().x(), secs(windows[windows.size() - 60].end));
    EXPECT_DOUBLE_EQ(pts.back().x(), secs(windows.back().end));
}

TEST(ChartsDock, OneDepthLinePerBufferedChannelByNameButNotForTimers) {
    auto f = fold_run("worker-pool", 10, {"submit_interval=50ms", "queue_size=5"});
    ChartsDock dock;
    dock.reset(info("worker-pool"));
    dock.update_metrics(f.metrics);
    const QStringList names = dock.series_names("depth");
    EXPECT_TRUE(names.contains("tasks"));
    EXPECT_TRUE(names.contains("results"));
    EXPECT_FALSE(names.contains("ticker.C"));     // a ticker's channel
    EXPECT_FALSE(names.contains("pool.Done()"));  // unbuffered
    // The tasks line is the buffer length at each window's end, as the metrics fold says.
    goro::ObjectId tasks = 0;
    for (const goro::ChannelStats& c : f.metrics.channels()) {
        if (c.name == "tasks") tasks = c.id;
        if (c.name == "ticker.C") {
            EXPECT_TRUE(c.timer);
        }
        if (c.name == "tasks") {
            EXPECT_FALSE(c.timer);
        }
    }
    const QList<QPointF> pts = dock.points("depth", "tasks");
    const auto& windows = f.metrics.windows();
    ASSERT_EQ(pts.size(), static_cast<qsizetype>(windows.size()));
    double max = 0;
    for (qsizetype i = 0; i < pts.size(); ++i) {
        EXPECT_EQ(pts[i].y(),
                  static_cast<double>(windows[static_cast<std::size_t>(i)].depth.at(tasks)));
        max = std::max(max, pts[i].y());
    }
    // Submitting every 50 ms to three workers at 500 ms a task fills the queue of five.
    EXPECT_EQ(max, 5.0);
}

TEST(ChartsDock, StatesAreTheWindowsCountsAndCountersAreLinesPerSecond) {
    auto f = fold_run("rate-limit", 12);
    ChartsDock dock;
    dock.reset(info("rate-limit"));
    dock.update_metrics(f.metrics);
    const auto& windows = f.metrics.windows();
    const QList<QPointF> blocked = dock.points("states", "blocked");
    const QList<QPointF> finished = dock.points("states", "finished");
    ASSERT_EQ(blocked.size(), static_cast<qsizetype>(windows.size()));
    for (qsizetype i = 0; i < blocked.size(); ++i) {
        EXPECT_EQ(blocked[i].y(),
                  static_cast<double>(windows[static_cast<std::size_t>(i)].blocked));
        EXPECT_EQ(finished[i].y(),
                  static_cast<double>(windows[static_cast<std::size_t>(i)].finished));
    }
    const QStringList counters = dock.series_names("counters");
    EXPECT_TRUE(counters.contains("admitted"));
    EXPECT_TRUE(counters.contains("denied"));
    EXPECT_FALSE(counters.contains("completed"));  // that is the throughput chart
    const QList<QPointF> denied = dock.points("counters", "denied");
    double total = 0;
    for (const QPointF& p : denied)
        total += p.y();  // one-second windows: per second == per window
    std::int64_t expected = 0;
    for (const goro::MetricsWindow& w : windows) {
        auto it = w.counters.find("denied");
        if (it != w.counters.end()) expected += it->second;
    }
    EXPECT_GT(expected, 0);
    EXPECT_DOUBLE_EQ(total, static_cast<double>(expected));
}

TEST(ChartsDock, TheLatencyHistogramCountsEveryObservationAndMarksThePercentiles) {
    auto f = fold_run("worker-pool", 20);
    ChartsDock dock;
    dock.reset(info("worker-pool"));
    dock.update_metrics(f.metrics);
    // The bars are one stepped outline: up at a bin's lower edge, along at its count, down at
    // its upper edge (bins in ns: tests/ui/model/chart_data_test.cpp).
    const QList<QPointF> outline = dock.points("latency", "count");
    ASSERT_GE(outline.size(), 7);
    ASSERT_EQ(outline.size() % 3, 1);
    double sum = 0;
    for (qsizetype i = 1; i < outline.size(); i += 3)
        sum += outline[i].y();
    EXPECT_EQ(sum, static_cast<double>(f.metrics.latency_count()));
    // Bins ascend, and the first holds the smallest latency, in the axis' unit.
    for (qsizetype i = 4; i < outline.size(); i += 3)
        EXPECT_GT(outline[i].x(), outline[i - 3].x());
    const double unit = gorama::ui::latency_chart(f.metrics).unit;
    const auto& lat = f.metrics.latencies();
    const double min = static_cast<double>(*std::min_element(lat.begin(), lat.end())) / unit;
    EXPECT_LE(outline[1].x(), min);
    EXPECT_GT(outline[4].x(), min);
    // The percentiles are vertical lines where goro::Metrics puts them.
    const QList<QPointF> p50 = dock.points("latency", "p50");
    const QList<QPointF> p95 = dock.points("latency", "p95");
    ASSERT_EQ(p50.size(), 2);
    ASSERT_EQ(p95.size(), 2);
    EXPECT_DOUBLE_EQ(p50[0].x(), static_cast<double>(f.metrics.latency_percentile(50)) / unit);
    EXPECT_DOUBLE_EQ(p95[0].x(), static_cast<double>(f.metrics.latency_percentile(95)) / unit);
    EXPECT_EQ(p50[1].x(), p50[0].x());
    EXPECT_LT(p50[0].x(), p95[0].x());
}

TEST(ChartsDock, OneLatencyAloneStillGetsAnAxisWhoseLabelsDiffer) {
    // pitfall-leak completes one request in its first 1.7 s (179 ms): the histogram used to be
    // one bin a nanosecond wide, and every label along the axis read "179".
    auto f = fold_run("pitfall-leak", 1.7);
    ASSERT_EQ(f.metrics.latency_count(), 1U);
    ChartsDock dock;
    dock.reset(info("pitfall-leak"));
    dock.update_metrics(f.metrics);
    const QStringList labels = dock.x_labels("latency");
    ASSERT_GE(labels.size(), 3) << labels.join(QLatin1Char(' ')).toStdString();
    for (qsizetype i = 1; i < labels.size(); ++i)
        EXPECT_NE(labels[i], labels[i - 1]) << labels.join(QLatin1Char(' ')).toStdString();
    // The one observation is inside the axis, with its percentile lines.
    const QList<QPointF> p50 = dock.points("latency", "p50");
    ASSERT_EQ(p50.size(), 2);
    EXPECT_GE(p50[0].x(), labels.front().toDouble());
    EXPECT_LE(p50[0].x(), labels.back().toDouble());
}

TEST(ChartsDock, QueueDepthDrawsTheChannelsThatAreAliveOnly) {
    // select-default makes a buffered result channel per request: once collected, its line
    // goes and leaves its place in the legend (ten lines at most) to live channels.
    auto f = fold_run("select-default", 5);
    ChartsDock dock;
    dock.reset(info("select-default"));
    dock.update_metrics(f.metrics);
    const QStringList names = dock.series_names("depth");
    EXPECT_TRUE(names.contains("buf")) << names.join(' ').toStdString();
    for (const QString& name : names) {
        bool alive = false;
        for (const auto& [id, c] : f.world.channels)
            alive = alive || QString::fromStdString(c.name) == name;
        EXPECT_TRUE(alive) << name.toStdString();
    }
    int gone = 0;
    for (const goro::ChannelStats& c : f.metrics.channels())
        gone += c.gone && c.cap > 0;
    EXPECT_GE(gone, 10);  // more than the legend would have held
}

TEST(ChartsDock, ResetClearsEverySeries) {
    auto f = fold_run("rate-limit", 5);
    ChartsDock dock;
    dock.reset(info("rate-limit"));
    // Throughput, four state areas, the histogram and its two percentile lines.
    const int fixed = dock.series_count();
    EXPECT_EQ(fixed, 8);
    dock.update_metrics(f.metrics);
    EXPECT_GT(dock.series_count(), fixed);  // counters (and depth lines) came
    dock.reset(info("worker-pool"));
    EXPECT_EQ(dock.series_count(), fixed);
    EXPECT_TRUE(dock.points("throughput", "completed/s").isEmpty());
    EXPECT_TRUE(dock.points("counters", "admitted").isEmpty());
}

TEST(ChartsDock, DrawsTheStatesInTheirColours) {
    auto f = fold_run("worker-pool", 20);
    ChartsDock dock;
    dock.resize(1200, 700);
    dock.reset(info("worker-pool"));
    dock.update_metrics(f.metrics);
    const QImage shot = dock.grab().toImage();
    gorama::ui::testing::save_screenshot(dock, "docks-charts.png");
    dock.resize(900, 500);
    gorama::ui::testing::save_screenshot(dock, "docks-charts-900.png");
    auto r = fold_run("rate-limit", 30);
    dock.reset(info("rate-limit"));
    dock.update_metrics(r.metrics);
    gorama::ui::testing::save_screenshot(dock, "docks-charts-rate-limit.png");
    // The goroutine states chart is mostly blocked (orange) areas; the throughput line is green.
    EXPECT_GT(gorama::ui::testing::count_color(
                  shot, gorama::ui::state_color(gorama::ui::VisualState::BlockedSend)),
              2000);
}

TEST(Metrics, LimitsKeepTheNewestWindowsAndLatenciesAndTheTotals) {
    auto run = gorama::testing::run_scenario("worker-pool", {"submit_interval=20ms", "workers=8"},
                                             std::chrono::seconds(60));
    goro::Metrics all;
    goro::Metrics capped;
    capped.set_limits(10, 50);
    const goro::Recorder& rec = *run.recorder;
    for (std::uint64_t i = 0; i < rec.published(); ++i) {
        const goro::Event& e = rec.at(i);
        all.apply(e, rec.text(e.text));
        capped.apply(e, rec.text(e.text));
        ASSERT_LE(capped.windows().size(), 20U);
        ASSERT_LE(capped.latencies().size(), 100U);
    }
    ASSERT_GT(all.windows().size(), 50U);
    ASSERT_GT(all.latencies().size(), 500U);
    EXPECT_GE(capped.windows().size(), 10U);
    EXPECT_GE(capped.latencies().size(), 50U);
    EXPECT_EQ(capped.windows().back().end, all.windows().back().end);
    EXPECT_EQ(capped.windows().back().completed, all.windows().back().completed);
    // The newest latencies, in order.
    EXPECT_TRUE(std::equal(capped.latencies().rbegin(), capped.latencies().rend(),
                           all.latencies().rbegin()));
    EXPECT_EQ(capped.completed(), all.completed());
    EXPECT_EQ(capped.counters(), all.counters());
}

TEST(ChartsDock, AnAxisThatGrowsAThousandfoldLaysOutAHandfulOfTicksNotOneAnOldInterval) {
    // The pipeline's checksum counter jumps from nothing to about 58,000 a second in its last
    // window: the counters' axis goes from 0..1 by 1 to 0..100000 by 20000. Laid out with the
    // old interval first, that was a hundred thousand tick items and minutes of a frozen window.
    ChartsDock dock;
    dock.resize(1200, 700);
    dock.show();  // axes lay out their ticks only when shown
    dock.reset(info("pipeline"));
    dock.update_metrics(fold_run("pipeline", 5, {}, 250'000'000).metrics);
    QApplication::processEvents();
    auto ended = fold_run("pipeline", 8, {}, 250'000'000);
    ended.metrics.finish(ended.now);  // as the window does when the run ends (at 6.1 s)
    dock.update_metrics(ended.metrics);
    QApplication::processEvents();
    QChartView* view = nullptr;
    for (QChartView* v : dock.findChildren<QChartView*>()) {
        if (v->chart()->title().startsWith(QStringLiteral("Counters"))) view = v;
    }
    ASSERT_NE(view, nullptr);
    QChart* counters = view->chart();
    const auto* y = qobject_cast<QValueAxis*>(counters->axes(Qt::Vertical).front());
    ASSERT_NE(y, nullptr);
    EXPECT_GE(y->max(), 50'000.0);
    EXPECT_LT(counters->scene()->items().size(), 500);
}
