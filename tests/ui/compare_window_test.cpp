// Two runs side by side (Run > Compare…), offscreen, as a class watches them: in deterministic
// mode both runs stand at the same virtual time at every frame the engines are at rest; in
// parallel mode each has half of the worker threads and the two clocks stay within 100 ms; the
// charts draw both runs on the same axes in two colours their legend names; both half-width
// canvases pass the canvas's layout check; and the dialog's two settings reach the two runs.
#include <gtest/gtest.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QThread>
#include <functional>
#include <iostream>
#include <thread>

#include "canvas/canvas_view.hpp"
#include "canvas/layout_audit.hpp"
#include "compare_dialog.hpp"
#include "compare_window.hpp"
#include "docks/compare_charts.hpp"
#include "main_window.hpp"
#include "param_panel.hpp"
#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"
#include "support/frames_until.hpp"
#include "support/run_spec_of.hpp"

namespace {

using gorama::ui::CompareRuns;
using gorama::ui::CompareWindow;
using gorama::ui::RunSetup;

RunSetup setup_of(const std::string& name, const std::vector<std::string>& sets,
                  goro::Mode mode = goro::Mode::Deterministic, double speed = 20) {
    RunSetup s = gorama::testing::run_spec_of(name, sets, mode, 3);
    s.speed = speed;
    return s;
}

// Frames as the window's timer runs them, calling `each` after every one, until `done`.
bool frames_until(CompareWindow& w, const std::function<bool()>& done,
                  const std::function<void()>& each = {}, int ms = 20000) {
    return gorama::testing::frames_until(w, done, each, ms);
}

TEST(CompareWindow, DeterministicRunsStandAtTheSameVirtualTimeAtEveryFrame) {
    CompareWindow w;
    w.resize(1600, 1000);
    w.show();
    w.open(setup_of("worker-pool", {"workers=2"}), setup_of("worker-pool", {"workers=6"}));
    CompareRuns& runs = w.runs();
    int frames_at_rest = 0;
    ASSERT_TRUE(frames_until(
        w, [&] { return runs.time() >= goro::Time(10'000'000'000); },
        [&] {
            if (runs.a().engine_busy() || runs.b().engine_busy()) return;
            ++frames_at_rest;
            ASSERT_EQ(runs.a().engine_time(), runs.time());
            ASSERT_EQ(runs.b().engine_time(), runs.time());
            ASSERT_LE(runs.a().world().time, runs.time().count());
            ASSERT_LE(runs.b().world().time, runs.time().count());
        }));
    EXPECT_GT(frames_at_rest, 10);
    // What the class should see: six workers finish more than two in the same time.
    const auto completed = [](const gorama::ui::RunModel& m) { return m.metrics().completed(); };
    EXPECT_GT(completed(runs.b()), completed(runs.a()) * 2)
        << completed(runs.a()) << " vs " << completed(runs.b());
    EXPECT_EQ(runs.a().setup().seed, runs.b().setup().seed);
    EXPECT_EQ(w.title(false), "A: Workers 2");
    EXPECT_EQ(w.title(true), "B: Workers 6");
    EXPECT_TRUE(w.mode_text().startsWith("deterministic")) << w.mode_text().toStdString();
}

TEST(CompareWindow, TheChartsDrawBothRunsOnTheSameAxesInTwoNamedColours) {
    CompareWindow w;
    w.resize(1600, 1000);
    w.show();
    w.open(setup_of("worker-pool", {"workers=2"}), setup_of("worker-pool", {"workers=6"}));
    ASSERT_TRUE(frames_until(w, [&] { return w.runs().time() >= goro::Time(8'000'000'000); }));
    w.runs().pause();
    ASSERT_TRUE(frames_until(w, [&] { return w.runs().settled(); }));
    w.frame();  // settled: the charts catch up at once
    gorama::ui::CompareCharts& charts = w.charts();
    for (const QString& chart : charts.chart_names()) {
        EXPECT_EQ(charts.legend(chart), (QStringList{"A: Workers 2", "B: Workers 6"}))
            << chart.toStdString();
        EXPECT_NE(charts.color(chart, false), charts.color(chart, true));
        EXPECT_FALSE(charts.points(chart, false).isEmpty()) << chart.toStdString();
        EXPECT_FALSE(charts.points(chart, true).isEmpty()) << chart.toStdString();
    }
    EXPECT_EQ(charts.chart_title("depth"), "Depth of tasks");
    // Two workers keep the queue full, six keep it nearly empty.
    const QList<QPointF> a = charts.points("depth", false);
    const QList<QPointF> b = charts.points("depth", true);
    EXPECT_GE(a.back().y(), 4);
    EXPECT_LE(b.back().y(), 1);
    // Six workers finish more a second.
    EXPECT_GT(charts.points("throughput", true).back().y(),
              charts.points("throughput", false).back().y() * 2);
}

TEST(CompareWindow, ParallelRunsHaveHalfTheThreadsEachAndClocksWithinATenthOfASecond) {
    CompareWindow w;
    w.resize(1600, 1000);
    w.show();
    w.open(setup_of("worker-pool", {"workers=2"}, goro::Mode::Parallel, 1.0),
           setup_of("worker-pool", {"workers=6"}, goro::Mode::Parallel, 1.0));
    CompareRuns& runs = w.runs();
    const unsigned half = std::max(1u, std::thread::hardware_concurrency() / 2);
    EXPECT_EQ(runs.a().driver()->threads(), half);
    EXPECT_EQ(runs.b().driver()->threads(), half);
    EXPECT_TRUE(w.mode_text().contains(QString("%1 worker thread").arg(half)))
        << w.mode_text().toStdString();
    goro::Duration worst{0};
    ASSERT_TRUE(frames_until(
        w, [&] { return runs.time() >= goro::Time(2'000'000'000); },
        [&] { worst = std::max(worst, runs.skew()); }));
    EXPECT_LE(worst, goro::Duration(100'000'000)) << worst.count() << " ns apart";
    RecordProperty("worst_skew_ms", std::to_string(static_cast<double>(worst.count()) / 1e6));
    std::cout << "the clocks were at most " << static_cast<double>(worst.count()) / 1e6
              << " ms apart\n";
}

// The canvas's own layout check (layout_audit.hpp) at the size each canvas of the comparison
// gets: half of a 1920x1080 screen in presentation mode, half of a 1600x1000 window otherwise,
// for A and B of the worker pool (2 vs 6 workers).
TEST(CompareWindow, BothHalfWidthCanvasesPassTheLayoutCheck) {
    for (const bool presentation : {false, true}) {
        CompareWindow w;
        w.resize(presentation ? 1920 : 1600, presentation ? 1080 : 1000);
        w.show();
        if (presentation) w.set_presentation(true);
        w.open(setup_of("worker-pool", {"workers=2"}), setup_of("worker-pool", {"workers=6"}),
               false);
        QApplication::processEvents();
        for (const bool b : {false, true}) {
            const QSize size = w.canvas(b).size();
            EXPECT_LE(size.width(), w.width() / 2);
            gorama::ui::AuditSpec spec;
            spec.scenario = b ? w.runs().b().setup().scenario : w.runs().a().setup().scenario;
            spec.params = (b ? w.runs().b() : w.runs().a()).setup().params;
            spec.size = size;
            spec.presentation = presentation;
            spec.text_floor_px = presentation ? 18.0 : 11.0;  // as the window sets it
            spec.legend = false;
            spec.duration = std::chrono::milliseconds(10000);
            spec.hz = 10;
            const gorama::ui::AuditFigures f = gorama::ui::audit_scenario(spec);
            const std::string where =
                std::string(b ? "B" : "A") + " at " + std::to_string(size.width()) + "x" +
                std::to_string(size.height()) + (presentation ? " presentation: " : ": ");
            RecordProperty(where, "smallest text " + std::to_string(f.smallest_text_px) + " px");
            std::cout << where << "smallest text " << f.smallest_text_px << " px ("
                      << f.smallest_text << ")\n";
            EXPECT_EQ(f.overlaps, 0u) << where << f.first_problem;
            EXPECT_EQ(f.outside, 0u) << where << f.first_problem;
            EXPECT_EQ(f.moves, 0u) << where << f.first_problem;
            EXPECT_EQ(f.unlabelled, 0u) << where << f.first_problem;
            EXPECT_GE(f.smallest_text_px, presentation ? 18.0 : 11.0) << where << f.smallest_text;
        }
    }
}

TEST(CompareWindow, TheDialogsTwoSettingsReachTheTwoRuns) {
    gorama::ui::MainWindow main;
    main.open_run(setup_of("worker-pool", {"workers=3"}), false);
    gorama::ui::CompareDialog dialog(*main.model().setup().params, "Worker pool", &main);
    ASSERT_TRUE(dialog.panel(true).set_value("workers", 7));
    ASSERT_TRUE(dialog.panel(true).set_value("queue_size", 0));  // restart-only: taken at once
    EXPECT_EQ(dialog.a()->get("workers"), 3);
    EXPECT_EQ(dialog.b()->get("workers"), 7);
    EXPECT_EQ(dialog.b()->get("queue_size"), 0);
    RunSetup a = main.model().setup();
    RunSetup b = a;
    a.params = dialog.a();
    b.params = dialog.b();
    CompareWindow* w = main.compare(std::move(a), std::move(b), false);
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->title(false), "A: Workers 3, Queue size 5");
    EXPECT_EQ(w->title(true), "B: Workers 7, Queue size 0");
    EXPECT_FALSE(main.model().playing());
}

}  // namespace
