// Metrics: what a run did, folded from its events, for every scenario alike: throughput,
// latency percentiles, queue depth per channel, goroutine states over time, utilisation per
// goroutine, and the scenario's own counters (admitted, denied, timeouts, retries, errors).
//
// Conventions scenarios follow (goro::count / goro::observe): "completed" counts finished
// units of work (throughput), "latency" observes one unit's latency in ns.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "goro/event.hpp"

namespace goro {

class Recorder;

struct ChannelStats {
    ObjectId id = 0;
    std::string name;
    std::size_t cap = 0;
    double mean_depth = 0;  // time-weighted mean buffer length
    std::size_t max_depth = 0;
    std::uint64_t values = 0;  // values that went through
    bool timer = false;        // the channel of a timer or ticker (a TimerSet named it)
    bool gone = false;         // unreachable (Go would have collected it): its figures are final
};

struct GoroutineUse {
    GoroutineId id = 0;
    std::string name;
    std::int64_t lifetime = 0;  // ns from creation to end (or to the end of the run)
    std::int64_t busy = 0;      // ns running or sleeping (simulated work)
    double utilisation() const {
        return lifetime > 0 ? static_cast<double>(busy) / static_cast<double>(lifetime) : 0.0;
    }
};

// One window of the run (all figures at or during the window).
struct MetricsWindow {
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::uint64_t completed = 0;  // "completed" counted in the window
    std::size_t running = 0, runnable = 0, blocked = 0, finished = 0;  // at the end
    std::map<ObjectId, std::size_t> depth;                             // at the end
    std::map<std::string, std::int64_t> counters;                      // counted in the window
};

class Metrics {
  public:
    explicit Metrics(std::int64_t window_ns = 1'000'000'000);

    // Bounds memory for a long session (the GUI): keeps at least the last `max_windows`
    // windows and the last `max_latencies` latency observations, and at most twice as many
    // (older ones are dropped in batches, so that dropping stays cheap). 0: keep all (default).
    // Totals (completed(), counters(), channels(), goroutines()) are unaffected;
    // latency_count() and latency_percentile() then cover the kept observations.
    void set_limits(std::size_t max_windows, std::size_t max_latencies);

    void apply(const Event& e, std::string_view text);
    // Closes the open intervals at `end` (the run's end time); call once, after the last event.
    void finish(std::int64_t end);

    std::int64_t elapsed() const { return m_end - m_start; }
    std::uint64_t completed() const { return m_completed; }
    double throughput_per_second() const;
    // The p-th percentile (0..100) of the "latency" observations, in ns; -1 without any.
    std::int64_t latency_percentile(double p) const;
    std::size_t latency_count() const { return m_latencies.size(); }
    // The kept "latency" observations (ns), oldest first.
    const std::vector<std::int64_t>& latencies() const { return m_latencies; }
    const std::map<std::string, std::int64_t>& counters() const { return m_counters; }
    std::vector<ChannelStats> channels() const;
    std::vector<GoroutineUse> goroutines() const;
    const std::vector<MetricsWindow>& windows() const { return m_windows; }

    // One row a window: start and end (s), completed, throughput (/s), state counts, the
    // depth of each channel, and each counter.
    void write_csv(std::ostream& out) const;

  private:
    struct Chan {
        std::string name;
        std::size_t cap = 0;
        std::size_t len = 0;
        std::size_t max = 0;
        std::uint64_t values = 0;
        std::int64_t since = 0;
        double area = 0;  // integral of len over time
        std::int64_t born = 0;
        std::int64_t gone = -1;  // when it became unreachable; -1: still reachable
        bool timer = false;
    };
    struct Go {
        std::string name;
        std::int64_t born = 0;
        std::int64_t died = -1;
        std::int64_t busy = 0;
        std::int64_t since = 0;
        bool is_busy = false;
        int state = 0;  // index into m_state_counts
    };
    // ns from `born` to `ended`, or to the end of the run for what has not ended (-1).
    std::int64_t lifetime(std::int64_t born, std::int64_t ended) const;
    void advance_to(std::int64_t t);
    void close_window(std::int64_t end);
    void set_state(Go& g, int state, bool busy, std::int64_t t);
    void set_len(Chan& c, std::size_t len, std::int64_t t);

    std::int64_t m_window;
    std::int64_t m_start = 0;
    std::int64_t m_end = 0;
    std::int64_t m_window_start = 0;
    std::uint64_t m_completed = 0;
    std::uint64_t m_window_completed = 0;
    std::map<std::string, std::int64_t> m_counters;
    std::map<std::string, std::int64_t> m_window_counters;
    std::vector<std::int64_t> m_latencies;
    std::map<ObjectId, Chan> m_chans;
    std::map<GoroutineId, Go> m_gos;
    std::size_t m_state_counts[4] = {0, 0, 0, 0};  // running, runnable, blocked, finished
    std::vector<MetricsWindow> m_windows;
    std::size_t m_max_windows = 0;
    std::size_t m_max_latencies = 0;
    bool m_finished = false;
    bool m_window_dirty = false;  // events applied since the last window closed
};

// The p-th percentile (0..100) of `sorted` (ascending, not empty) by nearest rank: the smallest
// value with at least p% of the values at or below it. Metrics::latency_percentile() is this over
// the kept observations; the charts apply it to the newest of them.
std::int64_t nearest_rank_percentile(const std::vector<std::int64_t>& sorted, double p);

// Folds every published event of a recorder into metrics, finishing at the last event's time.
Metrics compute_metrics(const Recorder& recorder, std::int64_t window_ns = 1'000'000'000);

}  // namespace goro
