#include "compare_chart_data.hpp"

#include <algorithm>

namespace gorama::ui {
namespace {

const ChartAxis& later(const ChartAxis& a, const ChartAxis& b) {
    return a.max >= b.max ? a : b;
}

double highest(const ChartLine& line) {
    double top = 0;
    for (const ChartPoint& p : line)
        top = std::max(top, p.y);
    return top;
}

// Goroutines in a blocked band at each point.
ChartLine waiting_line(const StatesChart& s) {
    ChartLine out;
    for (std::size_t i = 0; i < kChartedStates.size(); ++i) {
        const VisualState state = kChartedStates[i];
        if (state != VisualState::BlockedSend && state != VisualState::BlockedRecv &&
            state != VisualState::Select && state != VisualState::BlockedSync) {
            continue;
        }
        const ChartLine& counts = s.counts[i];
        if (out.empty()) out.assign(counts.size(), {});
        for (std::size_t k = 0; k < counts.size() && k < out.size(); ++k) {
            out[k].x = counts[k].x;
            out[k].y += counts[k].y;
        }
    }
    return out;
}

const DepthLine* line_named(const DepthChart& d, const std::string& name) {
    for (const DepthLine& l : d.lines)
        if (l.name == name) return &l;
    return nullptr;
}

}  // namespace

CompareChartData compare_chart_data(const goro::Metrics& a, const goro::Metrics& b,
                                    const ChartOptions& o) {
    CompareChartData out;
    const ThroughputChart ta = throughput_chart(a, o);
    const ThroughputChart tb = throughput_chart(b, o);
    out.throughput = {later(ta.x, tb.x), ta.y.max >= tb.y.max ? ta.y : tb.y, ta.completed,
                      tb.completed};

    const DepthChart da = depth_chart(a, o);
    const DepthChart db = depth_chart(b, o);
    out.depth.x = later(da.x, db.x);
    for (const DepthLine& line : da.lines) {
        if (const DepthLine* other = line_named(db, line.name)) {
            out.depth_channel = line.name;
            out.depth.a = line.points;
            out.depth.b = other->points;
            out.depth.y = da.y.max >= db.y.max ? da.y : db.y;
            break;
        }
    }

    const StatesChart sa = states_chart(a, o);
    const StatesChart sb = states_chart(b, o);
    out.waiting.x = later(sa.x, sb.x);
    out.waiting.a = waiting_line(sa);
    out.waiting.b = waiting_line(sb);
    out.waiting.y = count_axis(std::max(highest(out.waiting.a), highest(out.waiting.b)));
    return out;
}

}  // namespace gorama::ui
