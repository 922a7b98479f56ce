// Metrics: what a run did, folded from its events, for every scenario alike: throughput,
// latency percentiles, queue depth per channel, goroutine states over time, utilisation per
// goroutine, and the scenario's own counters (admitted, denied, timeouts, retries, errors).
//
// Conventions scenarios follow (goro::count / goro::observe): "completed" counts finished
// units of work (throughput), "latency" observes one unit's latency in ns.
#pragma once

#include <compare>
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "goro/event.hpp"
#include "goro/latency_histogram.hpp"

namespace goro {

class Recorder;

struct ChannelStats {
    ObjectId id = 0;
    std::string name;
    std::size_t cap = 0;
    double mean_depth = 0;  // time-weighted mean buffer length over `lifetime`
    std::size_t max_depth = 0;
    std::uint64_t values = 0;   // values that went through
    std::int64_t lifetime = 0;  // ns from make to collection (or to the end of the run)
    bool timer = false;         // the channel of a timer or ticker (a TimerSet named it)
    bool gone = false;          // unreachable (Go would have collected it): its figures are final
    std::int64_t gone_at = -1;  // when it became unreachable; -1: still reachable
};

// Channels as a summary lists them: a channel alone, or the collected channels of one kind
// together (see channel_summary()).
struct ChannelGroup {
    std::string name;           // the channel's name, or the kind's: "slow *"
    std::size_t channels = 1;   // how many it stands for
    std::size_t cap = 0;        // of each
    std::uint64_t values = 0;   // through all of them
    double mean_depth = 0;      // weighted by each one's lifetime
    std::size_t max_depth = 0;  // of any of them
};
// The kind of a channel: its name with each number in it replaced by '*' ("slow 3" -> "slow *",
// "op 3 attempt 1 outcome" -> "op * attempt * outcome"); a name without one is its own kind.
std::string channel_kind(std::string_view name);
// `channels` (in creation order) for a summary: channels collected during the run that share
// a kind and a capacity with another collected one become one group per kind (a time.After, a
// reply channel made per request), in the place of the first; every other channel stays alone.
std::vector<ChannelGroup> channel_summary(const std::vector<ChannelStats>& channels);

// Why and where a goroutine waits: its block reason and the site (line of the listing) it
// blocked at. Ordered, so that it can key a map.
struct BlockedAt {
    BlockReason reason = BlockReason::None;
    SiteId site = 0;
    friend auto operator<=>(const BlockedAt&, const BlockedAt&) = default;
};

// Whether a goroutine parked for `reason` at `site` is doing its pattern's simulated work: a
// sleep or a select (a timer standing for the work, raced against ctx.Done()) at one of
// `work_sites` (the scenario's ScenarioInfo::work_sites, resolved to lines). Everything else
// blocked is waiting. The charts, the canvas and the utilisation figures all ask this.
bool is_work(BlockReason reason, SiteId site, std::span<const SiteId> work_sites);

struct GoroutineUse {
    GoroutineId id = 0;
    std::string name;
    std::int64_t lifetime = 0;  // ns from creation to end (or to the end of the run)
    std::int64_t running = 0;   // ns running
    // ns parked in a sleep or a select, by the site it parked at (work or idling: is_work()).
    std::map<SiteId, std::int64_t> parked;
    // The share of its lifetime spent working: running, or parked at one of `work_sites`.
    double utilisation(std::span<const SiteId> work_sites) const;
};

// One window of the run (all figures at or during the window).
struct MetricsWindow {
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::uint64_t completed = 0;  // "completed" counted in the window
    std::size_t running = 0, runnable = 0, blocked = 0, finished = 0;  // at the end
    std::map<BlockedAt, std::size_t> waiting;      // the blocked ones at the end, by why and where
    std::map<ObjectId, std::size_t> depth;         // at the end, of the channels reachable then
    std::map<std::string, std::int64_t> counters;  // counted in the window
};

class Metrics {
  public:
    explicit Metrics(std::int64_t window_ns = 1'000'000'000);

    // Bounds memory for a long session (the GUI): keeps at least the last `max_windows`
    // windows and the last `max_latencies` latency observations, and at most twice as many
    // (older ones are dropped in batches, so that dropping stays cheap), and the figures of at
    // most `max_collected` collected channels (the earliest collected go first, and a window's
    // depth of a forgotten channel is no longer charted). 0: keep all (default). Totals
    // (completed(), counters(), goroutines(), latency_count(), latency_percentile()) are
    // unaffected; latencies() then holds the newest observations.
    void set_limits(std::size_t max_windows, std::size_t max_latencies,
                    std::size_t max_collected = 1024);

    void apply(const Event& e, std::string_view text);
    // Closes the open intervals at `end` (the run's end time); call once, after the last event.
    void finish(std::int64_t end);

    std::int64_t elapsed() const { return m_end - m_start; }
    std::uint64_t completed() const { return m_completed; }
    // Completions per second over the run; 0 when no time has passed (see elapsed()).
    double throughput_per_second() const;
    // The p-th percentile (0..100) of every "latency" observation of the run, in ns; -1
    // without any. Exact (nearest rank) while every observation is kept (set_limits()); after
    // that, from a histogram of them all (latency_histogram.hpp: within 0.05%).
    std::int64_t latency_percentile(double p) const;
    std::uint64_t latency_count() const { return m_latency_histogram.count(); }  // the run's
    // The kept "latency" observations (ns), oldest first: the newest of them (set_limits()).
    const std::vector<std::int64_t>& latencies() const { return m_latencies; }
    const std::map<std::string, std::int64_t>& counters() const { return m_counters; }
    // Every channel made, reachable or collected (within set_limits()), in creation order.
    std::vector<ChannelStats> channels() const;
    // One channel's figures; nothing if it is unknown or forgotten (set_limits()).
    std::optional<ChannelStats> channel(ObjectId id) const;
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
        std::int64_t running = 0;               // ns
        std::map<SiteId, std::int64_t> parked;  // ns in a sleep or a select, by site
        std::int64_t since = 0;                 // when it entered `state`
        int state = 0;                          // index into m_state_counts
        BlockedAt at;                           // while blocked
    };
    // ns from `born` to `ended`, or to the end of the run for what has not ended (-1).
    std::int64_t lifetime(std::int64_t born, std::int64_t ended) const;
    ChannelStats stats(ObjectId id, const Chan& c) const;
    void advance_to(std::int64_t t);
    void close_window(std::int64_t end);
    // Moves `g` to `state` at `t` (blocked at `at`), adding the time of the state it leaves.
    void set_state(Go& g, int state, std::int64_t t, BlockedAt at = {});
    void set_len(Chan& c, std::size_t len, std::int64_t t);
    void forget_collected();

    std::int64_t m_window;
    std::int64_t m_start = 0;
    std::int64_t m_end = 0;
    std::int64_t m_window_start = 0;
    std::uint64_t m_completed = 0;
    std::uint64_t m_window_completed = 0;
    std::map<std::string, std::int64_t> m_counters;
    std::map<std::string, std::int64_t> m_window_counters;
    std::vector<std::int64_t> m_latencies;
    LatencyHistogram m_latency_histogram;        // every observation, in fixed memory
    mutable std::vector<std::int64_t> m_sorted;  // m_latencies sorted, while current
    mutable bool m_sorted_current = false;
    std::map<ObjectId, Chan> m_chans;
    std::map<GoroutineId, Go> m_gos;
    std::size_t m_state_counts[4] = {0, 0, 0, 0};  // running, runnable, blocked, finished
    std::map<BlockedAt, std::size_t> m_waiting;    // the blocked goroutines, by why and where
    std::deque<ObjectId> m_collected;              // collected channels still kept, in order
    std::vector<MetricsWindow> m_windows;
    std::size_t m_max_windows = 0;
    std::size_t m_max_latencies = 0;
    std::size_t m_max_collected = 0;
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
