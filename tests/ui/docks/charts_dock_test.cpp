// ChartsDock over real runs: each chart shows what goro::Metrics says, for the last 60 windows.
#include <gtest/gtest.h>

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QImage>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <numeric>

#include "docks/charts_dock.hpp"
#include "docks_test_support.hpp"
#include "goro/event_format.hpp"
#include "model/chart_data.hpp"
#include "scenarios/scenario.hpp"
#include "style/canvas_palette.hpp"

using gorama::ui::ChartsDock;
using gorama::ui::VisualState;
using gorama::ui::testing::fold_run;

namespace {

double secs(std::int64_t ns) {
    return static_cast<double>(ns) / 1e9;
}

const gorama::ScenarioInfo& info(const char* name) {
    return gorama::find_scenario(name)->info();
}

// What the dock takes from a scenario's description (ChartsDock::reset()).
gorama::ui::ChartOptions options_for(const char* name) {
    gorama::ui::ChartOptions o;
    for (const std::string& site : info(name).work_sites)
        o.work_sites.push_back(info(name).listing.site(site));
    for (const gorama::CounterSpec& c : info(name).counters)
        o.counters.push_back({c.name, c.label, c.rgb});
    return o;
}

QString label(VisualState s) {
    return QString::fromLatin1(gorama::ui::visual_state_label(s));
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

TEST(ChartsDock, ShortWindowsArePlottedAsChartDataSaysAMovingRate) {
    // The window folds metrics in 250 ms windows; the line is chart_data's one-second moving
    // rate (tests/ui/model/chart_data_test.cpp), not a zigzag of quarter-second bins.
    auto f = fold_run("worker-pool", 8, {}, 250'000'000);
    ChartsDock dock;
    dock.reset(info("worker-pool"));
    dock.update_metrics(f.metrics);
    const auto& windows = f.metrics.windows();
    ASSERT_GE(windows.size(), 31U);
    const QList<QPointF> pts = dock.points("throughput", "completed/s");
    const gorama::ui::ThroughputChart c = gorama::ui::throughput_chart(f.metrics);
    ASSERT_EQ(pts.size(), static_cast<qsizetype>(c.completed.size()));
    for (qsizetype i = 0; i < pts.size(); ++i) {
        EXPECT_DOUBLE_EQ(pts[i].x(), c.completed[static_cast<std::size_t>(i)].x) << i;
        EXPECT_DOUBLE_EQ(pts[i].y(), c.completed[static_cast<std::size_t>(i)].y) << i;
    }
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

TEST(ChartsDock, StatesAreTheCanvasStatesInTheCanvasWordsAndColours) {
    // worker-pool: workers sleeping at "work" are running (its work sites); the submitter's
    // pause between tasks is sleeping; selects are selects.
    auto f = fold_run("worker-pool", 12);
    ChartsDock dock;
    dock.reset(info("worker-pool"));
    dock.update_metrics(f.metrics);
    const gorama::ui::StatesChart c =
        gorama::ui::states_chart(f.metrics, options_for("worker-pool"));
    QStringList names;
    for (VisualState s : gorama::ui::kChartedStates)
        names << label(s);
    EXPECT_EQ(dock.series_names("states"), names);
    for (std::size_t s = 0; s < gorama::ui::kChartedStates.size(); ++s) {
        const VisualState state = gorama::ui::kChartedStates[s];
        // The canvas's colour for the state, by the canvas's name for it.
        EXPECT_EQ(dock.color("states", label(state)), gorama::ui::state_color(state))
            << label(state).toStdString();
        const QList<QPointF> pts = dock.points("states", label(state));
        ASSERT_EQ(pts.size(), static_cast<qsizetype>(c.counts[s].size()));
        for (qsizetype i = 0; i < pts.size(); ++i)
            EXPECT_EQ(pts[i].y(), c.counts[s][static_cast<std::size_t>(i)].y);
    }
    // Working is most of what the three workers do: the running band is not empty.
    double running = 0;
    for (const QPointF& p : dock.points("states", label(VisualState::Running)))
        running += p.y();
    EXPECT_GT(running, 12.0);
    // The legend names the states that occurred, and only those.
    QStringList seen;
    for (std::size_t s = 0; s < gorama::ui::kChartedStates.size(); ++s)
        if (c.seen[s]) seen << label(gorama::ui::kChartedStates[s]);
    EXPECT_EQ(dock.legend("states"), seen);
    EXPECT_TRUE(seen.contains(label(VisualState::Running)));
    EXPECT_TRUE(seen.contains(label(VisualState::Sleeping)));
    EXPECT_TRUE(seen.contains(label(VisualState::Select)));
    EXPECT_FALSE(seen.contains(label(VisualState::BlockedSend)));  // every send is in a select
}

TEST(ChartsDock, CountersHaveFixedColoursByMeaningAndHumanLabels) {
    // Two runs whose counters first count in different orders get the same colours.
    for (std::uint64_t seed : {1U, 7U}) {
        auto r = gorama::testing::run_scenario("rate-limit", {"pattern=random"},
                                               std::chrono::seconds(12), goro::Mode::Deterministic,
                                               seed);
        ChartsDock dock;
        dock.reset(info("rate-limit"));
        dock.update_metrics(gorama::testing::fold_metrics(r));
        EXPECT_EQ(dock.color("counters", "denied"), QColor(0xd5, 0x5e, 0x00));    // red
        EXPECT_EQ(dock.color("counters", "admitted"), QColor(0x00, 0x9e, 0x73));  // green
        EXPECT_EQ(dock.color("counters", "refilled"), QColor(0x56, 0xb4, 0xe9));
        const QStringList legend = dock.legend("counters");
        // Each label with the total counted so far.
        EXPECT_TRUE(legend.contains(QStringLiteral("Denied: %1").arg(r.counter("denied"))))
            << legend.join(", ").toStdString();
        EXPECT_TRUE(legend.contains(QStringLiteral("Admitted: %1").arg(r.counter("admitted"))));
        for (const QString& entry : legend)
            EXPECT_FALSE(entry.contains('_')) << entry.toStdString();
        EXPECT_FALSE(dock.series_names("counters").contains("completed"));
    }
}

TEST(ChartsDock, CoincidingLinesAreDrawnEachNarrowerOnTopSoNoneHides) {
    // rate-limit admits about one request per token added: those two lines coincide.
    auto f = fold_run("rate-limit", 12);
    ChartsDock dock;
    dock.reset(info("rate-limit"));
    dock.update_metrics(f.metrics);
    QList<QAbstractSeries*> series;
    for (QChartView* v : dock.findChildren<QChartView*>())
        if (v->chart()->title().startsWith("Counters")) series = v->chart()->series();
    ASSERT_GE(series.size(), 3);
    for (qsizetype i = 1; i < series.size(); ++i) {
        const auto* below = qobject_cast<QLineSeries*>(series[i - 1]);
        const auto* above = qobject_cast<QLineSeries*>(series[i]);
        ASSERT_TRUE(below && above);
        EXPECT_LT(above->pen().widthF(), below->pen().widthF())
            << above->objectName().toStdString();
    }
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

TEST(ChartsDock, ACollectedChannelKeepsItsDepthLineUntilRestart) {
    // pipeline's stages close and their channels are collected when the run ends (3.1 s): the
    // full buffers stay on the chart for the teacher to point back at.
    auto f = fold_run("pipeline", 8, {}, 250'000'000);
    f.metrics.finish(f.now);
    ChartsDock dock;
    dock.reset(info("pipeline"));
    dock.update_metrics(f.metrics);
    int collected = 0;
    for (const goro::ChannelStats& c : f.metrics.channels()) {
        if (!c.gone || c.cap == 0 || c.timer || c.max_depth == 0) continue;
        ++collected;
        const QString name = QString::fromStdString(c.name);
        ASSERT_TRUE(dock.series_names("depth").contains(name)) << c.name;
        double top = 0;
        for (const QPointF& p : dock.points("depth", name))
            top = std::max(top, p.y());
        EXPECT_GT(top, 0.0) << c.name;
        // Dashed: the channel is gone, its history is not.
        for (QChartView* v : dock.findChildren<QChartView*>()) {
            if (v->chart()->title() != "Queue depth") continue;
            for (QAbstractSeries* series : v->chart()->series()) {
                if (series->objectName() == name) {
                    EXPECT_EQ(qobject_cast<QLineSeries*>(series)->pen().style(), Qt::DashLine);
                }
            }
        }
    }
    EXPECT_GT(collected, 0);
    dock.reset(info("pipeline"));
    EXPECT_TRUE(dock.series_names("depth").isEmpty());
}

TEST(ChartsDock, ResetClearsEverySeriesAndLegendAndHidesEmptyCharts) {
    auto f = fold_run("worker-pool", 5);
    ChartsDock dock;
    dock.reset(info("worker-pool"));
    // Throughput, eight state areas, the histogram and its two percentile lines.
    const int fixed = dock.series_count();
    EXPECT_EQ(fixed, 12);
    EXPECT_FALSE(dock.chart_shown("counters"));  // nothing counted yet
    EXPECT_FALSE(dock.chart_shown("latency"));   // nothing observed yet
    EXPECT_TRUE(dock.chart_shown("throughput"));
    dock.update_metrics(f.metrics);
    EXPECT_GT(dock.series_count(), fixed);  // counters (and depth lines) came
    EXPECT_TRUE(dock.chart_shown("counters"));
    EXPECT_TRUE(dock.chart_shown("latency"));
    EXPECT_FALSE(dock.legend("states").isEmpty());
    EXPECT_FALSE(dock.legend("counters").isEmpty());
    const QStringList percentiles = dock.legend("latency");
    ASSERT_EQ(percentiles.size(), 2);
    EXPECT_TRUE(percentiles[0].startsWith("p50 ")) << percentiles[0].toStdString();  // a value

    dock.reset(info("rate-limit"));
    EXPECT_EQ(dock.series_count(), fixed);
    EXPECT_TRUE(dock.points("throughput", "completed/s").isEmpty());
    EXPECT_TRUE(dock.points("counters", "submitted").isEmpty());
    EXPECT_TRUE(dock.legend("states").isEmpty());
    EXPECT_TRUE(dock.legend("counters").isEmpty());
    EXPECT_EQ(dock.legend("latency"), QStringList({"p50", "p95"}));  // no last run's values
    EXPECT_FALSE(dock.chart_shown("latency"));
    EXPECT_FALSE(dock.chart_shown("counters"));
    EXPECT_FALSE(dock.chart_shown("depth"));
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
    auto p = fold_run("pipeline", 8, {}, 250'000'000);
    p.metrics.finish(p.now);
    dock.reset(info("pipeline"));
    dock.update_metrics(p.metrics);
    gorama::ui::testing::save_screenshot(dock, "docks-charts-pipeline.png");
    // The workers are mostly working: a large running band, in the canvas's running colour.
    EXPECT_GT(gorama::ui::testing::count_color(shot, gorama::ui::state_color(VisualState::Running)),
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
    // The pipeline's checksum counter jumps from nothing to thousands a second at its end (a
    // one-second moving rate): the counters' axis goes from 0..1 by 1 to 0..10000 or more. Laid
    // out with the old interval first, that was a tick item per old interval and minutes of a
    // frozen window.
    ChartsDock dock;
    dock.resize(1200, 700);
    dock.show();  // axes lay out their ticks only when shown
    // Every counter, the checksum too (pipeline's description charts only its counts).
    gorama::ScenarioInfo every_counter = info("pipeline");
    every_counter.counters.clear();
    dock.reset(every_counter);
    // 100 values, x*20 + 10, one every 60 ms: the checksum is 102 000, counted at 6.1 s.
    const std::vector<std::string> sets = {"items=100", "factor=20", "stage2_delay=60ms"};
    dock.update_metrics(fold_run("pipeline", 5, sets, 250'000'000).metrics);
    QApplication::processEvents();
    auto ended = fold_run("pipeline", 8, sets, 250'000'000);
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
    EXPECT_GE(y->max(), 10'000.0);
    EXPECT_LT(counters->scene()->items().size(), 500);
}
