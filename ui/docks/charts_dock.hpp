// ChartsDock: live Qt Charts over goro::Metrics: throughput (completed per second), queue depth
// per buffered channel, goroutine states stacked over time, a latency histogram, the pattern's
// own counters (per second), and a panel of big numbers. The window calls update_metrics() a few
// times a second; each call replaces every series' points in one call per series and rescales
// the axes, showing the last kShownWindows windows.
#pragma once

#include <QDockWidget>
#include <QList>
#include <QPointF>
#include <QStringList>
#include <memory>

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
    static constexpr int kShownWindows = 60;
    // The latency histogram is drawn from at most this many of the newest observations.
    static constexpr std::size_t kLatencySample = 5000;

    explicit ChartsDock(QWidget* parent = nullptr);
    ~ChartsDock() override;

    // A new run: clears every series.
    void reset(const gorama::ScenarioInfo& info);
    void update_metrics(const goro::Metrics& m);

    // Series in all charts (a stacked area counts once).
    int series_count() const;
    // Charts: "throughput", "depth", "states", "latency", "counters".
    QStringList chart_names() const;
    QStringList series_names(const QString& chart) const;
    // The points of a series in data units: x in seconds of run time (window ends), y as
    // plotted (per second for throughput and counters, counts for depth and states, unstacked).
    // For "latency"/"count": x is a bin's lower edge in ms, y its count; "latency"/"p50" and
    // "p95": one point, x the percentile in ms (drawn as a vertical line).
    QList<QPointF> points(const QString& chart, const QString& series) const;
    // The title of a chart as shown.
    QString chart_title(const QString& chart) const;
    // The labels along a chart's horizontal axis, as drawn, left to right.
    QStringList x_labels(const QString& chart) const;

  protected:
    void resizeEvent(QResizeEvent* e) override;

  private:
    QChart* chart(const QString& name) const;
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace gorama::ui
