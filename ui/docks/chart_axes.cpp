#include "docks/chart_axes.hpp"

#include <QValueAxis>

namespace gorama::ui {

void apply_axis(QValueAxis* axis, const ChartAxis& a) {
    const QString format = QString::fromStdString(a.label_format);
    if (axis->min() == a.min && axis->max() == a.max && axis->tickInterval() == a.tick &&
        axis->tickType() == QValueAxis::TicksDynamic && axis->labelFormat() == format)
        return;
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(a.min, a.max);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(a.tick);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setLabelFormat(format);
}

QList<QPointF> to_points(const ChartLine& line) {
    QList<QPointF> out;
    out.reserve(static_cast<qsizetype>(line.size()));
    for (const ChartPoint& p : line)
        out.append(QPointF(p.x, p.y));
    return out;
}

}  // namespace gorama::ui
