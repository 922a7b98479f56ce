// compare_chart_data: the charts of two runs side by side (A/B, CompareWindow), each run a line
// on the same axes, without Qt. Built from chart_data.hpp's charts of each run, so that a line
// here is the same line the Charts dock draws for that run.
//
// - throughput: completed per second (throughput_chart), titled so;
// - depth: the buffer length of one channel both runs have (depth_chart): the first buffered,
//   non-plumbing channel of A, by creation order, that B has too ("tasks");
// - waiting: goroutines blocked on a channel, a select or a lock (states_chart's blocked
//   bands added up), not sleeping and not working.
//
// Each chart's axes hold both lines: the later time axis and the larger value axis.
#pragma once

#include <string>

#include "model/chart_data.hpp"

namespace gorama::ui {

struct PairedChart {
    ChartAxis x;
    ChartAxis y;
    ChartLine a;
    ChartLine b;
    bool empty() const { return a.empty() && b.empty(); }
};

struct CompareChartData {
    PairedChart throughput;
    PairedChart depth;
    std::string depth_channel;  // empty: no channel to compare (the chart is then empty)
    PairedChart waiting;
};

// ChartOptions as the Charts dock uses them (the scenario's work sites and roles) apply to both.
CompareChartData compare_chart_data(const goro::Metrics& a, const goro::Metrics& b,
                                    const ChartOptions& o = {});

}  // namespace gorama::ui
