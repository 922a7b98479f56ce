#include "goro/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "goro/event_fields.hpp"
#include "goro/recorder.hpp"
#include "goro/types.hpp"

namespace goro {
namespace {
enum StateIndex { kRunning = 0, kRunnable = 1, kBlocked = 2, kFinished = 3 };
}

Metrics::Metrics(std::int64_t window_ns) : m_window(window_ns > 0 ? window_ns : 1'000'000'000) {
}

void Metrics::set_limits(std::size_t max_windows, std::size_t max_latencies) {
    m_max_windows = max_windows;
    m_max_latencies = max_latencies;
}

namespace {
// Drops the oldest elements once `v` holds twice `max`, keeping the last `max`.
template <class T>
void trim_front(std::vector<T>& v, std::size_t max) {
    if (max == 0 || v.size() < 2 * max) return;
    v.erase(v.begin(), v.end() - static_cast<std::ptrdiff_t>(max));
}
}  // namespace

void Metrics::close_window(std::int64_t end) {
    MetricsWindow w;
    w.start = m_window_start;
    w.end = end;
    w.completed = m_window_completed;
    w.running = m_state_counts[kRunning];
    w.runnable = m_state_counts[kRunnable];
    w.blocked = m_state_counts[kBlocked];
    w.finished = m_state_counts[kFinished];
    for (const auto& [id, c] : m_chans) {
        if (c.gone < 0) w.depth[id] = c.len;  // a window lists the channels alive at its end
    }
    w.counters = std::move(m_window_counters);
    m_window_counters.clear();
    m_windows.push_back(std::move(w));
    trim_front(m_windows, m_max_windows);
    m_window_completed = 0;
    m_window_start = end;
    m_window_dirty = false;
}

void Metrics::advance_to(std::int64_t t) {
    // Windows are (start, end]: an event at a window's end belongs to it, so that a run ending
    // on a boundary keeps its last events in its last window.
    while (t > m_window_start + m_window)
        close_window(m_window_start + m_window);
    m_end = std::max(m_end, t);
    m_window_dirty = true;
}

void Metrics::set_state(Go& g, int state, bool busy, std::int64_t t) {
    if (g.is_busy) g.busy += t - g.since;
    --m_state_counts[g.state];
    g.state = state;
    ++m_state_counts[state];
    g.is_busy = busy;
    g.since = t;
}

void Metrics::set_len(Chan& c, std::size_t len, std::int64_t t) {
    c.area += static_cast<double>(c.len) * static_cast<double>(t - c.since);
    c.len = len;
    c.since = t;
    c.max = std::max(c.max, len);
}

void Metrics::apply(const Event& e, std::string_view text) {
    advance_to(e.time);
    const std::int64_t t = e.time;
    switch (e.kind) {
        case EventKind::GoCreate: {
            Go& g = m_gos[e.g];
            g.name = std::string(text);
            g.born = t;
            g.since = t;
            g.state = kRunnable;
            ++m_state_counts[kRunnable];
            break;
        }
        case EventKind::GoRun:
            set_state(m_gos[e.g], kRunning, true, t);
            break;
        case EventKind::GoBlock: {
            const bool sleeping = as_go_block(e)->reason == BlockReason::Sleep;
            set_state(m_gos[e.g], kBlocked, sleeping, t);
            break;
        }
        case EventKind::GoUnblock:
        case EventKind::GoYield:
            set_state(m_gos[e.g], kRunnable, false, t);
            break;
        case EventKind::GoEnd:
        case EventKind::GoPanic: {
            Go& g = m_gos[e.g];
            set_state(g, kFinished, false, t);
            g.died = t;
            break;
        }
        case EventKind::ChanMake: {
            Chan& c = m_chans[e.object];
            c.name = std::string(text);
            c.cap = static_cast<std::size_t>(as_chan_make(e)->capacity);
            c.since = t;
            c.born = t;
            break;
        }
        case EventKind::ChanSend: {
            Chan& c = m_chans[e.object];
            ++c.values;
            set_len(c, static_cast<std::size_t>(as_send(e)->length_after), t);
            break;
        }
        case EventKind::ChanRecv:
            set_len(m_chans[e.object], static_cast<std::size_t>(as_recv(e)->length_after), t);
            break;
        case EventKind::ChanUnreachable: {
            auto it = m_chans.find(e.object);
            if (it == m_chans.end() || it->second.gone >= 0) break;
            set_len(it->second, it->second.len, t);  // its mean depth is over its life
            it->second.gone = t;
            break;
        }
        case EventKind::TimerSet: {
            // A timer's id is its channel's id; a sleep (object 0) has no channel.
            auto it = m_chans.find(e.object);
            if (it != m_chans.end()) it->second.timer = true;
            break;
        }
        case EventKind::Metric: {
            const std::string name(text);
            const MetricFields metric = *as_metric(e);
            if (metric.observation) {
                if (name == "latency") {
                    m_latencies.push_back(metric.value);
                    trim_front(m_latencies, m_max_latencies);
                }
                break;
            }
            m_counters[name] += metric.value;
            m_window_counters[name] += metric.value;
            if (name == "completed") {
                m_completed += static_cast<std::uint64_t>(metric.value);
                m_window_completed += static_cast<std::uint64_t>(metric.value);
            }
            break;
        }
        default:
            break;
    }
}

void Metrics::finish(std::int64_t end) {
    if (m_finished) return;
    m_finished = true;
    m_end = std::max(m_end, end);
    for (auto& [id, g] : m_gos) {
        if (g.is_busy) g.busy += m_end - g.since;
        g.since = m_end;
        g.is_busy = false;
    }
    for (auto& [id, c] : m_chans)
        set_len(c, c.len, m_end);
    // A last, partial window, so that a short run still has one row.
    if (m_end > m_window_start || m_window_dirty) close_window(m_end);
}

double Metrics::throughput_per_second() const {
    const std::int64_t ns = elapsed();
    return ns > 0 ? static_cast<double>(m_completed) * 1e9 / static_cast<double>(ns) : 0.0;
}

std::int64_t Metrics::latency_percentile(double p) const {
    if (m_latencies.empty()) return -1;
    std::vector<std::int64_t> sorted = m_latencies;
    std::sort(sorted.begin(), sorted.end());
    return nearest_rank_percentile(sorted, p);
}

std::int64_t nearest_rank_percentile(const std::vector<std::int64_t>& sorted, double p) {
    // Nearest rank: the smallest value with at least p% of the observations at or below it.
    const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
    const auto i =
        static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(sorted.size())));
    return sorted[i - 1];
}

std::int64_t Metrics::lifetime(std::int64_t born, std::int64_t ended) const {
    return (ended >= 0 ? ended : m_end) - born;
}

std::vector<ChannelStats> Metrics::channels() const {
    std::vector<ChannelStats> out;
    for (const auto& [id, c] : m_chans) {
        const std::int64_t span = lifetime(c.born, c.gone);
        out.push_back({.id = id,
                       .name = c.name,
                       .cap = c.cap,
                       .mean_depth = span > 0 ? c.area / static_cast<double>(span)
                                              : static_cast<double>(c.len),
                       .max_depth = c.max,
                       .values = c.values,
                       .timer = c.timer,
                       .gone = c.gone >= 0});
    }
    return out;
}

std::vector<GoroutineUse> Metrics::goroutines() const {
    std::vector<GoroutineUse> out;
    for (const auto& [id, g] : m_gos) {
        out.push_back(
            {.id = id, .name = g.name, .lifetime = lifetime(g.born, g.died), .busy = g.busy});
    }
    return out;
}

void Metrics::write_csv(std::ostream& out) const {
    std::vector<std::string> counter_names;
    for (const auto& [name, v] : m_counters)
        counter_names.push_back(name);
    out << "start_s,end_s,completed,throughput_per_s,running,runnable,blocked,finished";
    for (const auto& [id, c] : m_chans)
        out << ",depth:" << c.name;
    for (const auto& name : counter_names)
        out << ",count:" << name;
    out << '\n';
    for (const MetricsWindow& w : m_windows) {
        const double secs = static_cast<double>(w.end - w.start) / 1e9;
        out << static_cast<double>(w.start) / 1e9 << ',' << static_cast<double>(w.end) / 1e9 << ','
            << w.completed << ',' << (secs > 0 ? static_cast<double>(w.completed) / secs : 0.0)
            << ',' << w.running << ',' << w.runnable << ',' << w.blocked << ',' << w.finished;
        for (const auto& [id, c] : m_chans) {
            auto it = w.depth.find(id);
            out << ',' << (it == w.depth.end() ? 0 : it->second);
        }
        for (const auto& name : counter_names) {
            auto it = w.counters.find(name);
            out << ',' << (it == w.counters.end() ? 0 : it->second);
        }
        out << '\n';
    }
}

Metrics compute_metrics(const Recorder& recorder, std::int64_t window_ns) {
    Metrics m(window_ns);
    const std::uint64_t n = recorder.published();
    std::int64_t last = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        const Event& e = recorder.at(i);
        m.apply(e, recorder.text(e.text));
        last = e.time;
    }
    m.finish(last);
    return m;
}

}  // namespace goro
