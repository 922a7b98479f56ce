// Copying chart_data's plain structs (model/chart_data.hpp) into Qt Charts objects, for every
// chart the window draws (ChartsDock, CompareCharts).
#pragma once

#include <QList>
#include <QPointF>

#include "model/chart_data.hpp"

class QValueAxis;

namespace gorama::ui {

// Sets `axis` as `a` says: its range, a tick at every multiple of a.tick, its label format.
// The range and the interval change under fixed ticks: with dynamic ones, a range widened
// before its interval (0..1 by 1, then 0..100000) lays out a tick item per old interval, a
// hundred thousand of them, and the window stalls for minutes.
// An axis whose range, ticks and format are already `a` is left alone, so that a frame that
// changes nothing lays nothing out; any change lays out a handful of ticks, whatever the run's
// length: the work per frame is constant.
void apply_axis(QValueAxis* axis, const ChartAxis& a);

QList<QPointF> to_points(const ChartLine& line);

}  // namespace gorama::ui
