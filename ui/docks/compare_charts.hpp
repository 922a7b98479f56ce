// CompareCharts: the charts of two runs side by side (CompareWindow), each run one line on the
// same axes (compare_chart_data.hpp): throughput, the depth of the channel both runs share, and
// the goroutines waiting. A is always drawn in blue and solid, B in vermilion and dashed (apart
// in colour for colour-blind eyes and apart in grey on a washed-out projector); the legend names
// each line with its run's settings ("A: Workers 2"). Work per update is in the shown windows,
// never in the runs' length (the axes change only when their figures do).
#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QStringList>
#include <QWidget>
#include <memory>

namespace goro {
class Metrics;
}
namespace gorama {
struct ScenarioInfo;
}

namespace gorama::ui {

class CompareCharts : public QWidget {
    Q_OBJECT
  public:
    static const QColor kColorA;
    static const QColor kColorB;

    explicit CompareCharts(QWidget* parent = nullptr);
    ~CompareCharts() override;

    // New runs of `info`; `a` and `b` name the two lines in every legend.
    void reset(const gorama::ScenarioInfo& info, const QString& a, const QString& b);
    void update_metrics(const goro::Metrics& a, const goro::Metrics& b);
    // Text for a projector (F11) or a desk.
    void set_text_size(double point_size);

    // For tests: "throughput", "depth", "waiting".
    QStringList chart_names() const;
    QString chart_title(const QString& chart) const;
    QStringList legend(const QString& chart) const;  // A's entry, then B's
    QList<QPointF> points(const QString& chart, bool b) const;
    QColor color(const QString& chart, bool b) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace gorama::ui
