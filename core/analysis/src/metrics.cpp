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

void Metrics::set_limits(std::size_t max_windows, std::size_t max_latencies,
                         std::size_t max_collected) {
    m_max_windows = max_windows;
    m_max_latencies = max_latencies;
    m_max_collected = max_collected;
    forget_collected();
}

void Metrics::forget_collected() {
    while (m_max_collected > 0 && m_collected.size() > m_max_collected) {
        m_chans.erase(m_collected.front());
        m_collected.pop_front();
    }
}

bool is_work(BlockReason reason, SiteId site, std::span<const SiteId> work_sites) {
    if (reason != BlockReason::Sleep && reason != BlockReason::Select) return false;
    return site != 0 && std::find(work_sites.begin(), work_sites.end(), site) != work_sites.end();
}

double GoroutineUse::utilisation(std::span<const SiteId> work_sites) const {
    if (lifetime <= 0) return 0.0;
    std::int64_t working = running;
    for (const auto& [site, ns] : parked) {
        // A site where a sleep is work is also one where a select is: parked time there is
        // one or the other.
        if (is_work(BlockReason::Sleep, site, work_sites)) working += ns;
    }
    return static_cast<double>(working) / static_cast<double>(lifetime);
}

std::string channel_kind(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size();) {
        if (name[i] < '0' || name[i] > '9') {
            out += name[i++];
            continue;
        }
        while (i < name.size() && name[i] >= '0' && name[i] <= '9')
            ++i;
        out += '*';
    }
    return out;
}

std::vector<ChannelGroup> channel_summary(const std::vector<ChannelStats>& channels) {
    auto key = [](const ChannelStats& c) { return std::pair{channel_kind(c.name), c.cap}; };
    std::map<std::pair<std::string, std::size_t>, std::size_t> collected;  // per kind
    for (const ChannelStats& c : channels)
        if (c.gone) ++collected[key(c)];
    std::vector<ChannelGroup> out;
    std::map<std::pair<std::string, std::size_t>, std::size_t> group_of;  // index in `out`
    std::map<std::size_t, double> area;                                   // per group
    std::map<std::size_t, std::int64_t> span;
    for (const ChannelStats& c : channels) {
        const auto k = key(c);
        const bool grouped = c.gone && collected[k] > 1;
        std::size_t i = out.size();
        if (grouped) {
            auto [it, added] = group_of.emplace(k, out.size());
            i = it->second;
            if (added) out.push_back({.name = k.first, .channels = 0, .cap = c.cap});
        } else {
            out.push_back({.name = c.name, .channels = 0, .cap = c.cap});
        }
        ChannelGroup& g = out[i];
        ++g.channels;
        g.values += c.values;
        g.max_depth = std::max(g.max_depth, c.max_depth);
        area[i] += c.mean_depth * static_cast<double>(c.lifetime);
        span[i] += c.lifetime;
        g.mean_depth = span[i] > 0 ? area[i] / static_cast<double>(span[i]) : c.mean_depth;
    }
    return out;
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
    w.waiting = m_waiting;
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

void Metrics::set_state(Go& g, int state, std::int64_t t, BlockedAt at) {
    const std::int64_t spent = t - g.since;
    if (g.state == kRunning) g.running += spent;
    if (g.state == kBlocked) {
        if (g.at.reason == BlockReason::Sleep || g.at.reason == BlockReason::Select)
            g.parked[g.at.site] += spent;
        auto it = m_waiting.find(g.at);
        if (it != m_waiting.end() && --it->second == 0) m_waiting.erase(it);
    }
    --m_state_counts[g.state];
    g.state = state;
    ++m_state_counts[state];
    g.at = at;
    if (state == kBlocked) ++m_waiting[at];
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
            set_state(m_gos[e.g], kRunning, t);
            break;
        case EventKind::GoBlock:
            set_state(m_gos[e.g], kBlocked, t, BlockedAt{as_go_block(e)->reason, e.site});
            break;
        case EventKind::GoUnblock:
        case EventKind::GoYield:
            set_state(m_gos[e.g], kRunnable, t);
            break;
        case EventKind::GoEnd:
        case EventKind::GoPanic: {
            Go& g = m_gos[e.g];
            set_state(g, kFinished, t);
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
            m_collected.push_back(e.object);
            forget_collected();
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
                    m_latency_histogram.add(metric.value);
                    m_sorted_current = false;
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
        // The time of the state each is in, up to the end; the state itself stays.
        if (g.state == kRunning) g.running += m_end - g.since;
        const bool parked = g.at.reason == BlockReason::Sleep || g.at.reason == BlockReason::Select;
        if (g.state == kBlocked && parked) g.parked[g.at.site] += m_end - g.since;
        g.since = m_end;
    }
    // A collected channel's figures stopped when it went: its depth after that is not its own.
    for (auto& [id, c] : m_chans)
        if (c.gone < 0) set_len(c, c.len, m_end);
    // A last, partial window, so that a short run still has one row.
    if (m_end > m_window_start || m_window_dirty) close_window(m_end);
}

double Metrics::throughput_per_second() const {
    const std::int64_t ns = elapsed();
    return ns > 0 ? static_cast<double>(m_completed) * 1e9 / static_cast<double>(ns) : 0.0;
}

std::int64_t Metrics::latency_percentile(double p) const {
    if (m_latencies.size() < m_latency_histogram.count()) return m_latency_histogram.percentile(p);
    if (m_latencies.empty()) return -1;
    if (!m_sorted_current) {  // sorted once for the p50, p95 and p99 a summary asks for
        m_sorted = m_latencies;
        std::sort(m_sorted.begin(), m_sorted.end());
        m_sorted_current = true;
    }
    return nearest_rank_percentile(m_sorted, p);
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

ChannelStats Metrics::stats(ObjectId id, const Chan& c) const {
    const std::int64_t span = lifetime(c.born, c.gone);
    // The area covers [born, since]: up to its collection, the run's end (finish()) or its
    // last change (a live fold); the length since then is still c.len.
    const double area =
        c.area + static_cast<double>(c.len) * static_cast<double>(std::max<std::int64_t>(
                                                  0, (c.gone >= 0 ? c.gone : m_end) - c.since));
    return {.id = id,
            .name = c.name,
            .cap = c.cap,
            .mean_depth = span > 0 ? area / static_cast<double>(span) : static_cast<double>(c.len),
            .max_depth = c.max,
            .values = c.values,
            .lifetime = span,
            .timer = c.timer,
            .gone = c.gone >= 0,
            .gone_at = c.gone};
}

std::vector<ChannelStats> Metrics::channels() const {
    std::vector<ChannelStats> out;
    out.reserve(m_chans.size());
    for (const auto& [id, c] : m_chans)
        out.push_back(stats(id, c));
    return out;
}

std::optional<ChannelStats> Metrics::channel(ObjectId id) const {
    auto it = m_chans.find(id);
    if (it == m_chans.end()) return std::nullopt;
    return stats(id, it->second);
}

std::vector<GoroutineUse> Metrics::goroutines() const {
    std::vector<GoroutineUse> out;
    for (const auto& [id, g] : m_gos) {
        GoroutineUse use{.id = id,
                         .name = g.name,
                         .lifetime = lifetime(g.born, g.died),
                         .running = g.running,
                         .parked = g.parked};
        // A live fold (no finish()): the state it is in counts up to the latest event.
        if (g.died < 0 && !m_finished) {
            if (g.state == kRunning) use.running += m_end - g.since;
            const bool parked =
                g.at.reason == BlockReason::Sleep || g.at.reason == BlockReason::Select;
            if (g.state == kBlocked && parked) use.parked[g.at.site] += m_end - g.since;
        }
        out.push_back(std::move(use));
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
