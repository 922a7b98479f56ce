// ChartsDock: live Qt Charts over goro::Metrics: throughput (completed per second), queue depth
// per buffered channel, goroutine states stacked over time, a latency histogram, the pattern's
// own counters (per second), and a panel of big numbers. The window calls update_metrics() a few
// times a second; each call takes the charts' points, axes and labels from chart_data()
// (model/chart_data.hpp, where the maths lives) and replaces every series' points in one call
// per series, showing the last kShownWindows windows.
#pragma once

#include <QDockWidget>
#include <QList>
#include <QPointF>
#include <QStringList>
#include <memory>

#include "model/chart_data.hpp"

class QChart;

namespace goro {
class Metrics;
}
namespace gorama {
struct ScenarioInfo;
}

namespace gorama::ui {

class ChartsDock : public QDockWidget {
    Q_OBJECT
  public:
    static constexpr int kShownWindows = ChartOptions{}.shown_windows;
    // The latency histogram is drawn from at most this many of the newest observations.
    static constexpr std::size_t kLatencySample = ChartOptions{}.latency_sample;

    explicit ChartsDock(QWidget* parent = nullptr);
    ~ChartsDock() override;

    // A new run: clears every series.
    void reset(const gorama::ScenarioInfo& info);
    void update_metrics(const goro::Metrics& m);

    // Series in all charts (a stacked area counts once).
    int series_count() const;
    // Charts: "throughput", "depth", "states", "latency", "counters".
    QStringList chart_names() const;
    // The series a chart draws, in legend order, by a name that does not change while it runs:
    // "completed/s"; a channel's name; "running", "runnable", "blocked", "finished"; "count",
    // "p50", "p95" (whose legend entries also show their values); a counter's name.
    QStringList series_names(const QString& chart) const;
    // The points of a series as drawn, in its chart's axis units: x in seconds of run time
    // (window ends), y per second for throughput and counters, counts for depth; a state's
    // stacked band as its height (unstacked). "latency"/"count" is the histogram's stepped
    // outline and "p50", "p95" the two ends of a vertical line, x in the latency axis' unit.
    QList<QPointF> points(const QString& chart, const QString& series) const;
    // The title of a chart as shown.
    QString chart_title(const QString& chart) const;
    // The labels along a chart's horizontal axis, as drawn, left to right.
    QStringList x_labels(const QString& chart) const;

  protected:
    void resizeEvent(QResizeEvent* e) override;
    // Below this width the charts stack in one scrolling column; above it, three to a row.
    static constexpr int kStackBelowWidth = 900;

  private:
    void arrange(int columns);
    QChart* chart(const QString& name) const;
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace gorama::ui
