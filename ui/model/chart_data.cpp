#include "model/chart_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "goro/metrics.hpp"

namespace gorama::ui {

namespace {

double secs(std::int64_t ns) {
    return static_cast<double>(ns) / 1e9;
}

// The rate of `count` (a window's figure) at the end of windows[i]: what the windows that make
// up the `span` ns up to there counted, per second of their length (in the run's first second:
// per second since the start). A last, partial window is averaged with the ones before it.
template <class Count>
double moving_rate(const std::vector<goro::MetricsWindow>& windows, std::size_t i,
                   std::int64_t span, Count count) {
    double counted = 0;
    std::int64_t ns = 0;
    for (std::size_t j = i + 1; j > 0 && ns < span; --j) {
        counted += static_cast<double>(count(windows[j - 1]));
        ns += windows[j - 1].end - windows[j - 1].start;
    }
    return ns > 0 ? counted * 1e9 / static_cast<double>(ns) : 0.0;
}

// The shown windows: the newest `shown_windows` of them.
struct Shown {
    const std::vector<goro::MetricsWindow>& windows;
    std::size_t first;

    Shown(const goro::Metrics& m, const ChartOptions& o) : windows(m.windows()) {
        const auto max = static_cast<std::size_t>(std::max(o.shown_windows, 0));
        first = windows.size() > max ? windows.size() - max : 0;
    }
    auto begin() const { return windows.begin() + static_cast<std::ptrdiff_t>(first); }
    auto end() const { return windows.end(); }
};

}  // namespace

std::vector<std::string> ChartAxis::labels() const {
    std::vector<std::string> out;
    if (!(tick > 0)) return out;
    const double first = std::ceil(min / tick - 1e-9) * tick;
    for (double t = first; t <= max + tick * 1e-9; t += tick) {
        const double v = t == 0 ? 0.0 : t;  // "0", not "-0"
        char buf[64];
        std::snprintf(buf, sizeof buf, label_format.c_str(), v);
        out.emplace_back(buf);
    }
    return out;
}

double nice_ceiling(double v) {
    if (v <= 0) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * p >= v) return m * p;
    }
    return 10 * p;
}

ChartAxis count_axis(double max, double from) {
    // Every chart counts things, so a step is at least 1.
    const double top = nice_ceiling(std::max(max, 1.0));
    return ChartAxis{from, std::max(top, from + 1.0), std::max(1.0, nice_ceiling(top / 5.0)),
                     "%.0f"};
}

ChartAxis span_axis(double x0, double x1, std::string label_format) {
    return ChartAxis{x0, x1, nice_ceiling((x1 - x0) / 5.0), std::move(label_format)};
}

std::string label_format_for(double interval) {
    const int decimals =
        std::clamp(static_cast<int>(std::ceil(-std::log10(interval) - 1e-9)), 0, 9);
    return "%." + std::to_string(decimals) + "f";
}

ChartAxis time_axis(const goro::Metrics& m, const ChartOptions& o) {
    const Shown shown(m, o);
    const bool any = shown.begin() != shown.end();
    const double x0 = any ? secs(shown.begin()->start) : 0.0;
    double x1 = any ? secs(shown.windows.back().end) : 10.0;
    if (x1 - x0 < 10.0) x1 = x0 + 10.0;
    return span_axis(x0, x1, "%.0f s");
}

ThroughputChart throughput_chart(const goro::Metrics& m, const ChartOptions& o) {
    ThroughputChart c;
    c.x = time_axis(m, o);
    const Shown shown(m, o);
    double max = 0;
    for (std::size_t i = shown.first; i < shown.windows.size(); ++i) {
        const double v = moving_rate(shown.windows, i, o.rate_span,
                                     [](const goro::MetricsWindow& w) { return w.completed; });
        c.completed.push_back({secs(shown.windows[i].end), v});
        max = std::max(max, v);
    }
    c.y = count_axis(max * 1.1);
    return c;
}

DepthChart depth_chart(const goro::Metrics& m, const ChartOptions& o) {
    DepthChart c;
    c.x = time_axis(m, o);
    const Shown shown(m, o);
    // The channels with a point in the shown windows: those reachable at one of their ends.
    std::vector<goro::ChannelStats> candidates;
    {
        std::vector<goro::ObjectId> ids;
        for (const goro::MetricsWindow& w : shown)
            for (const auto& [id, len] : w.depth)
                ids.push_back(id);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (goro::ObjectId id : ids) {
            std::optional<goro::ChannelStats> ch = m.channel(id);
            if (!ch || ch->cap == 0 || ch->timer) continue;
            if (gorama::is_plumbing(o.roles, ch->name, true)) continue;
            candidates.push_back(std::move(*ch));
        }
    }
    // Over the cap, the earliest collected go first, then the newest live ones.
    const auto max_lines = static_cast<std::size_t>(std::max(o.max_depth_lines, 0));
    if (candidates.size() > max_lines) {
        std::vector<goro::ChannelStats> by_keep = candidates;
        std::stable_sort(by_keep.begin(), by_keep.end(),
                         [](const goro::ChannelStats& a, const goro::ChannelStats& b) {
                             if (a.gone != b.gone) return !a.gone;      // live ones first
                             if (a.gone) return a.gone_at > b.gone_at;  // latest collected first
                             return a.id < b.id;
                         });
        by_keep.resize(max_lines);
        std::erase_if(candidates, [&](const goro::ChannelStats& ch) {
            return std::none_of(by_keep.begin(), by_keep.end(),
                                [&](const goro::ChannelStats& k) { return k.id == ch.id; });
        });
    }
    double max = 1;
    for (const goro::ChannelStats& ch : candidates) {
        DepthLine line{ch.id, ch.name, ch.gone, {}};
        bool used = false;
        for (const goro::MetricsWindow& w : shown) {
            auto it = w.depth.find(ch.id);
            if (it == w.depth.end()) continue;  // not made yet, or collected
            const auto v = static_cast<double>(it->second);
            used = used || v > 0;
            line.points.push_back({secs(w.end), v});
        }
        // The axis reaches the capacity of the channels in use, so "full" is the top.
        if (used) max = std::max(max, static_cast<double>(ch.cap));
        c.lines.push_back(std::move(line));
    }
    c.y = count_axis(max);
    return c;
}

std::size_t charted_index(VisualState s) {
    if (s == VisualState::Panicked) s = VisualState::Finished;
    if (s == VisualState::Leaked) s = VisualState::BlockedSync;
    const auto* it = std::find(kChartedStates.begin(), kChartedStates.end(), s);
    return static_cast<std::size_t>(it - kChartedStates.begin());
}

StatesChart states_chart(const goro::Metrics& m, const ChartOptions& o) {
    StatesChart c;
    c.x = time_axis(m, o);
    double max = 1;
    const Shown shown(m, o);
    for (std::size_t i = shown.first; i < shown.windows.size(); ++i) {
        const goro::MetricsWindow& w = shown.windows[i];
        const double x = secs(w.end);
        std::array<double, StatesChart::kStates> v{};
        v[charted_index(VisualState::Running)] += static_cast<double>(w.running);
        v[charted_index(VisualState::Runnable)] += static_cast<double>(w.runnable);
        const std::size_t finished_before = i > 0 ? shown.windows[i - 1].finished : 0;
        v[charted_index(VisualState::Finished)] +=
            static_cast<double>(w.finished - std::min(w.finished, finished_before));
        for (const auto& [at, n] : w.waiting)
            v[charted_index(blocked_state(at, o.work_sites))] += static_cast<double>(n);
        double base = 0;
        for (std::size_t s = 0; s < StatesChart::kStates; ++s) {
            c.counts[s].push_back({x, v[s]});
            c.lower[s].push_back({x, base});
            base += v[s];
            c.upper[s].push_back({x, base});
            c.seen[s] = c.seen[s] || v[s] > 0;
        }
        max = std::max(max, base);
    }
    c.y = count_axis(max);
    return c;
}

LatencyChart latency_chart(const goro::Metrics& m, const ChartOptions& o) {
    LatencyChart c;
    const std::vector<std::int64_t>& all = m.latencies();
    std::vector<std::int64_t> sample(
        all.end() - static_cast<std::ptrdiff_t>(std::min(all.size(), o.latency_sample)), all.end());
    if (sample.empty()) return c;
    std::sort(sample.begin(), sample.end());
    c.observations = sample.size();
    c.p50 = goro::nearest_rank_percentile(sample, 50);
    c.p95 = goro::nearest_rank_percentile(sample, 95);
    c.p99 = goro::nearest_rank_percentile(sample, 99);

    const int max_bins = std::max(o.latency_bins, 1);
    const auto lo = static_cast<double>(sample.front());
    const auto hi = static_cast<double>(sample.back());
    // Without the 120th of the largest latency, a few equal latencies would fill an axis a few
    // nanoseconds wide, on which every label reads the same.
    const double width =
        nice_ceiling(std::max({1.0, (hi - lo + 1) / max_bins, hi / (10.0 * max_bins)}));
    const double start = std::floor(lo / width) * width;
    const int bins =
        std::clamp(static_cast<int>(std::floor((hi - start) / width)) + 1, 1, max_bins + 1);
    c.bins.resize(static_cast<std::size_t>(bins));
    for (int b = 0; b < bins; ++b) {
        LatencyBin& bin = c.bins[static_cast<std::size_t>(b)];
        bin.lower = start + b * width;
        bin.upper = bin.lower + width;
    }
    for (std::int64_t v : sample) {
        const int b = std::min(
            bins - 1, static_cast<int>(std::floor((static_cast<double>(v) - start) / width)));
        ++c.bins[static_cast<std::size_t>(b)].count;
    }

    // Labels are plain numbers in one unit, named in the axis title.
    const double top = start + bins * width;
    if (top >= 1e9) {
        c.unit = 1e9;
        c.unit_name = "s";
    } else if (top >= 1e6) {
        c.unit = 1e6;
        c.unit_name = "ms";
    } else if (top >= 1e3) {
        c.unit = 1e3;
        c.unit_name = "µs";
    }
    c.x = span_axis(start / c.unit, top / c.unit, {});
    c.x.label_format = label_format_for(c.x.tick);

    c.outline.reserve(3 * c.bins.size() + 1);
    c.outline.push_back({start / c.unit, 0});
    double count_max = 1;
    for (const LatencyBin& b : c.bins) {
        const auto count = static_cast<double>(b.count);
        c.outline.push_back({b.lower / c.unit, count});
        c.outline.push_back({b.upper / c.unit, count});
        c.outline.push_back({b.upper / c.unit, 0});
        count_max = std::max(count_max, count);
    }
    c.y = count_axis(count_max * 1.1);
    for (auto [line, p] : {std::pair{&c.p50_line, c.p50}, std::pair{&c.p95_line, c.p95}}) {
        const double x = static_cast<double>(p) / c.unit;
        *line = {{x, 0}, {x, c.y.max}};
    }
    return c;
}

std::string counter_label(const std::string& name) {
    std::string out = name;
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

std::uint32_t counter_color(const std::string& name) {
    // Tableau 10 without its green and red, which mean admitted and denied where a scenario
    // says so; by a hash of the name (FNV-1a), not by the order counters first appear.
    static constexpr std::uint32_t kColors[] = {0x1f77b4, 0x9467bd, 0xff7f0e, 0x8c564b,
                                                0xe377c2, 0x17becf, 0x7f7f7f, 0xbcbd22};
    std::uint32_t h = 2166136261u;
    for (unsigned char ch : name)
        h = (h ^ ch) * 16777619u;
    return kColors[h % std::size(kColors)];
}

CountersChart counters_chart(const goro::Metrics& m, const ChartOptions& o) {
    CountersChart c;
    c.x = time_axis(m, o);
    const Shown shown(m, o);
    std::vector<CounterStyle> styles;
    if (o.counters.empty()) {
        for (const auto& [name, total] : m.counters())
            if (name != "completed")
                styles.push_back({name, counter_label(name), counter_color(name)});
    } else {
        for (const CounterStyle& style : o.counters)
            if (m.counters().contains(style.name)) styles.push_back(style);
    }
    double max = 0;
    for (const CounterStyle& style : styles) {
        if (static_cast<int>(c.lines.size()) >= o.max_counter_lines) break;
        CounterLine line{style.name, style.label, style.rgb, {}, m.counters().at(style.name)};
        for (std::size_t i = shown.first; i < shown.windows.size(); ++i) {
            const double v =
                moving_rate(shown.windows, i, o.rate_span, [&](const goro::MetricsWindow& w) {
                    auto it = w.counters.find(style.name);
                    return it == w.counters.end() ? std::int64_t{0} : it->second;
                });
            max = std::max(max, v);
            line.points.push_back({secs(shown.windows[i].end), v});
        }
        c.lines.push_back(std::move(line));
    }
    c.y = count_axis(max * 1.1);
    return c;
}

std::optional<double> recent_rate(const goro::Metrics& m) {
    const std::vector<goro::MetricsWindow>& windows = m.windows();
    if (windows.empty()) return std::nullopt;
    return moving_rate(windows, windows.size() - 1, ChartOptions{}.rate_span,
                       [](const goro::MetricsWindow& w) { return w.completed; });
}

ChartData chart_data(const goro::Metrics& m, const ChartOptions& o) {
    return ChartData{throughput_chart(m, o), depth_chart(m, o),    states_chart(m, o),
                     latency_chart(m, o),    counters_chart(m, o), m.completed(),
                     recent_rate(m)};
}

ChartOptions chart_options(const gorama::ScenarioInfo& info) {
    ChartOptions o;
    o.work_sites = info.work_site_ids();
    for (const CounterSpec& c : info.counters)
        o.counters.push_back({c.name, c.label, c.rgb});
    o.roles = info.roles;
    return o;
}

}  // namespace gorama::ui
