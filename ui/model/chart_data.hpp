// chart_data: what ChartsDock draws, computed from goro::Metrics without Qt. One function per
// chart returns its points, bins, axes and labels in plain structs; the dock only copies them
// into its series and axes, so everything a user reads off a chart is tested here without a GUI.
//
// Units: time charts have x in seconds of run time (each point at its window's end) and y per
// second (throughput, counters: a moving rate over ChartOptions::rate_span, so that short
// windows do not zigzag and a last, partial window does not spike) or in counts (depth, states).
// The latency histogram is in
// nanoseconds (bins, percentiles) and, for what is drawn (outline, percentile lines, x axis), in
// the axis' unit (LatencyChart::unit).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "goro/types.hpp"
#include "scenarios/scenario.hpp"
#include "style/visual_state.hpp"

namespace goro {
class Metrics;
}

namespace gorama::ui {

// How a scenario's counter is drawn (its ScenarioInfo::counters entry).
struct CounterStyle {
    std::string name;       // as counted: "denied"
    std::string label;      // as shown: "Denied"
    std::uint32_t rgb = 0;  // 0xRRGGBB
};

struct ChartOptions {
    // Time charts show the newest windows only.
    int shown_windows = 60;
    // The latency histogram and its percentiles cover at most this many newest observations.
    std::size_t latency_sample = 5000;
    // At most this many latency bins (one more when the range does not divide evenly).
    int latency_bins = 12;
    // Lines in the depth and counter charts (each line has a legend entry).
    int max_depth_lines = 10;
    int max_counter_lines = 10;
    // Rates (throughput, counters) are over this many ns up to each point.
    std::int64_t rate_span = 1'000'000'000;
    // The scenario's work sites, as lines of its listing: goroutines parked there are working.
    std::vector<goro::SiteId> work_sites{};
    // The scenario's counters, in the order the chart lists them. Empty: every counter.
    std::vector<CounterStyle> counters{};
    // The scenario's roles: channels that are plumbing (a settings ticker, a retire channel)
    // get no depth line, as they get no box on the canvas.
    std::vector<gorama::RoleSpec> roles{};
};

// The options for a scenario's charts: its work sites, its counters' words and colours, its roles.
ChartOptions chart_options(const gorama::ScenarioInfo& info);

struct ChartPoint {
    double x = 0;
    double y = 0;
    friend bool operator==(const ChartPoint&, const ChartPoint&) = default;
};
using ChartLine = std::vector<ChartPoint>;

// A value axis as drawn: `min`..`max`, a tick (and a label) at every multiple of `tick` in that
// range (Qt's QValueAxis::TicksDynamic anchored at 0), each printed with the printf format
// `label_format`.
struct ChartAxis {
    double min = 0;
    double max = 1;
    double tick = 1;
    std::string label_format = "%.0f";

    // The labels along the axis, low to high.
    std::vector<std::string> labels() const;
};

// 1, 2 or 5 times a power of ten, at or above v (1 for v <= 0).
double nice_ceiling(double v);
// An axis of counts from `from` to a round number at or above `max` (and above `from`), ticked
// every round step (at least 1), so that labels read 0, 2, 4... and never 2.5.
ChartAxis count_axis(double max, double from = 0.0);
// A continuous axis (time, latency) from `x0` to `x1`, ticked every 1, 2 or 5 x 10^k, about five
// ticks; labels as `label_format`.
ChartAxis span_axis(double x0, double x1, std::string label_format);
// A printf format for labels `interval` apart: as many decimals as it takes to tell them apart.
std::string label_format_for(double interval);

// The time axis every time chart shares: the shown windows, at least 10 s wide ("%.0f s").
ChartAxis time_axis(const goro::Metrics& m, const ChartOptions& o = {});

// Completed units of work per second (a moving rate), a point per shown window.
struct ThroughputChart {
    ChartAxis x;
    ChartAxis y;  // to 110% of the highest rate
    ChartLine completed;
};
ThroughputChart throughput_chart(const goro::Metrics& m, const ChartOptions& o = {});

// The buffer length of each buffered channel at the end of each shown window while it was
// reachable. Timers' channels and plumbing (ChartOptions::roles) are left out. A collected channel
// keeps its line (it ends where the channel went) while it has a point in the shown windows; beyond
// max_depth_lines, the channels collected earliest give way first, then the newest live ones. Work
// per call is in the shown windows' size, never in the run's length.
struct DepthLine {
    goro::ObjectId id = 0;
    std::string name;
    bool gone = false;  // collected
    ChartLine points;   // only where the channel was reachable
};
struct DepthChart {
    ChartAxis x;
    ChartAxis y;  // to the capacity of the fullest channel that held a value while shown
    std::vector<DepthLine> lines;  // by id (creation order), at most max_depth_lines
};
DepthChart depth_chart(const goro::Metrics& m, const ChartOptions& o = {});

// Goroutines per state at the end of each shown window, stacked in the order of kChartedStates
// from the bottom (visual_state.hpp: the canvas's states, names and colours; a goroutine parked
// at one of ChartOptions::work_sites is running). Finished counts the goroutines that ended
// during the window, not all that ever ended: a server that spawns one per request would
// otherwise bury the live ones under a band that only grows.
struct StatesChart {
    static constexpr std::size_t kStates = kChartedStates.size();
    ChartAxis x;
    ChartAxis y;                            // to the highest stack
    std::array<ChartLine, kStates> counts;  // each state alone
    std::array<ChartLine, kStates> lower;   // each state's band as drawn: from lower...
    std::array<ChartLine, kStates> upper;   // ...to upper
    std::array<bool, kStates> seen{};       // some goroutine was in it in a shown window
};
// The index of `s` in kChartedStates (Panicked: Finished's; Leaked: BlockedSync's).
std::size_t charted_index(VisualState s);
StatesChart states_chart(const goro::Metrics& m, const ChartOptions& o = {});

// A histogram of the newest latency observations, with its percentiles. Bins are a round width
// (1, 2 or 5 x 10^k ns) from a multiple of it, and no narrower than a 120th of the largest
// latency, so that a few equal latencies still get an axis whose labels differ.
struct LatencyBin {
    double lower = 0;  // ns, inclusive
    double upper = 0;  // ns; the last bin also holds anything beyond
    std::size_t count = 0;
};
struct LatencyChart {
    std::size_t observations = 0;  // in the sample; 0: nothing to draw
    std::vector<LatencyBin> bins;  // ascending, adjacent
    std::int64_t p50 = -1;         // ns, over the sample (goro::nearest_rank_percentile)
    std::int64_t p95 = -1;
    std::int64_t p99 = -1;
    // What is drawn: the axis' unit ("ns", "µs", "ms" or "s") and its size in ns.
    std::string unit_name = "ns";
    double unit = 1;
    ChartAxis x;
    ChartAxis y;
    ChartLine outline;   // the bars as one stepped line, from the axis at the first bin's edge
    ChartLine p50_line;  // vertical lines from 0 to the top of the y axis
    ChartLine p95_line;

    bool empty() const { return observations == 0; }
};
LatencyChart latency_chart(const goro::Metrics& m, const ChartOptions& o = {});

// The scenario's own counters per second (a moving rate), a line each ("completed" is the
// throughput chart). With ChartOptions::counters, the declared ones that have counted, in their
// order, label and colour; without, every counter by name, labelled counter_label(), coloured
// counter_color(): never by the order they first counted in.
struct CounterLine {
    std::string name;
    std::string label;
    std::uint32_t rgb = 0;
    ChartLine points;
    std::int64_t total = 0;  // counted so far: what a count made once (a final count) shows as
};
struct CountersChart {
    ChartAxis x;
    ChartAxis y;                     // to 110% of the highest rate
    std::vector<CounterLine> lines;  // at most max_counter_lines
};
// "tokens_dropped" -> "tokens dropped": a counter's name in words.
std::string counter_label(const std::string& name);
// A colour for a counter no scenario describes, the same for a name in every run.
std::uint32_t counter_color(const std::string& name);
CountersChart counters_chart(const goro::Metrics& m, const ChartOptions& o = {});

// The throughput chart's rate at the newest window (moving_rate over a second); nothing before
// the first window closes.
std::optional<double> recent_rate(const goro::Metrics& m);

struct ChartData {
    ThroughputChart throughput;
    DepthChart depth;
    StatesChart states;
    LatencyChart latency;
    CountersChart counters;
    std::uint64_t completed = 0;
    std::optional<double> rate;  // recent_rate()
};
ChartData chart_data(const goro::Metrics& m, const ChartOptions& o = {});

}  // namespace gorama::ui
