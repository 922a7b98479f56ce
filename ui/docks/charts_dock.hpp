// ChartsDock: live Qt Charts over goro::Metrics: throughput (completed per second, a moving
// rate), queue depth per buffered channel (a collected channel's line stays until restart),
// goroutine states stacked over time in the canvas's states and colours (visual_state.hpp), a
// latency histogram, the pattern's own counters (per second, in the colours and words its
// description gives them), and a panel of big numbers. The window calls update_metrics() a few
// times a second; each call takes the charts' points, axes and labels from chart_data()
// (model/chart_data.hpp, where the maths lives) and replaces every series' points in one call
// per series, showing the last kShownWindows windows. Its work is in the shown windows, never
// in the run's length: an axis is laid out again only when it changes, with a handful of ticks.
// A chart with nothing to show (no buffered channel, no counter, no latency yet) is hidden.
#pragma once

#include <QColor>
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

    // A new run of `info`: clears every series, legend entry, axis and number, and takes the
    // scenario's work sites and counters' words and colours.
    void reset(const gorama::ScenarioInfo& info);
    void update_metrics(const goro::Metrics& m);

    // Series in all charts (a stacked area counts once).
    int series_count() const;
    // Charts: "throughput", "depth", "states", "latency", "counters".
    QStringList chart_names() const;
    // The series a chart draws, in legend order, by a name that does not change while it runs:
    // "completed/s"; a channel's name; visual_state_label() of each of kChartedStates; "count",
    // "p50", "p95" (whose legend entries also show their values); a counter's name.
    QStringList series_names(const QString& chart) const;
    // The legend's entries as shown (a counter's label, a state seen since reset(), "p50 1.2 s").
    QStringList legend(const QString& chart) const;
    // The colour a series is drawn in (a line's pen, an area's fill); invalid if unknown.
    QColor color(const QString& chart, const QString& series) const;
    // Whether a chart is shown (empty ones are hidden).
    bool chart_shown(const QString& chart) const;
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
    // Lays the shown cells out in `columns` (again only if that or what is shown changed).
    void arrange(int columns);
    void clear_charts();
    void show_charts_with_data();
    QChart* chart(const QString& name) const;
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace gorama::ui
