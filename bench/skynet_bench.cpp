// The goroutine-heavy workloads: skynet (1,111,111 goroutines in a tree) and spawn-park
// (1,000,000 goroutines parked on one channel). Their Go counterparts are bench/go/skynet.go
// and bench/go/spawnpark.go; bench/compare.sh puts the figures side by side.
//
// This file is listed first in bench/CMakeLists.txt, so these benchmarks run first, in a
// process that has not grown yet. Each one also returns freed memory to the OS and resets the
// peak RSS before it starts (see reset_peak_rss()), so its peak_rss_mib does not depend on the
// benchmarks that ran before it.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bench_util.hpp"
#include "goro/goro.hpp"

namespace gorama_bench {
namespace {

// --- skynet ---------------------------------------------------------------------------------

constexpr std::int64_t kSkynetLeaves = 1'000'000;  // a power of the fan-out
constexpr std::int64_t kSkynetFanOut = 10;
constexpr int kSkynetRuns = 3;  // as bench/go: best of 3

struct SkynetOut {
    double seconds = 0;
    std::int64_t sum = -1;
};

// Sends on `c` the sum of num .. num+size-1, one leaf goroutine per number. Every inner node
// spawns its 10 children, which share one unbuffered channel owned by that node.
goro::Task<> skynet(goro::Chan<std::int64_t> c, std::int64_t num, std::int64_t size) {
    if (size == 1) {
        co_await c.send(num);
        co_return;
    }
    goro::Chan<std::int64_t> rc = goro::make_chan<std::int64_t>();
    const std::int64_t child = size / kSkynetFanOut;
    for (std::int64_t i = 0; i < kSkynetFanOut; ++i) {
        goro::go(skynet(rc, num + i * child, child));
    }
    std::int64_t sum = 0;
    for (std::int64_t i = 0; i < kSkynetFanOut; ++i) {
        sum += (co_await rc.recv()).value_or(0);
    }
    co_await c.send(sum);
}

goro::Task<> skynet_main(std::int64_t leaves, SkynetOut* out) {
    const Clock::time_point start = Clock::now();
    goro::Chan<std::int64_t> c = goro::make_chan<std::int64_t>();
    goro::go(skynet(c, 0, leaves));
    std::optional<std::int64_t> sum = co_await c.recv();
    out->seconds = seconds_between(start, Clock::now());
    out->sum = sum.value_or(-1);
}

void skynet_bench(benchmark::State& state, goro::Mode mode) {
    const std::int64_t leaves = workload_size(kSkynetLeaves);
    const std::int64_t want = leaves * (leaves - 1) / 2;  // 499999500000 for 1,000,000
    const bool reset = reset_peak_rss();
    const double rss_before = current_rss_bytes();
    Runs runs;
    for (auto _ : state) {
        SkynetOut out;
        if (!run_main(state, options_for(mode), skynet_main(leaves, &out))) break;
        if (out.sum != want) {
            state.SkipWithError(
                ("wrong sum " + std::to_string(out.sum) + ", want " + std::to_string(want))
                    .c_str());
            break;
        }
        runs.add(out.seconds);
    }
    runs.report_seconds(state);
    state.counters["n"] = static_cast<double>(leaves);
    // Peak RSS of the process since reset_peak_rss() (baseline included, as Go's figure
    // includes its runtime's), and the growth of the peak over the RSS at the start.
    const double peak = peak_rss_bytes();
    state.counters["peak_rss_mib"] = peak / (1024.0 * 1024.0);
    state.counters["rss_growth_mib"] = (peak - rss_before) / (1024.0 * 1024.0);
    state.counters["peak_rss_was_reset"] = reset ? 1 : 0;
}

[[maybe_unused]] const bool kSkynetRegistered =
    register_both_modes("BM_Skynet", kSkynetRuns, skynet_bench);

// --- spawn-park -----------------------------------------------------------------------------

constexpr std::int64_t kSpawnParkGoroutines = 1'000'000;
constexpr int kSpawnParkRuns = 3;  // as bench/go: best of 3

struct SpawnParkOut {
    double seconds = 0;
    double heap_growth = 0;  // malloc in-use bytes while all are parked, minus before
    double rss_growth = 0;   // VmRSS while all are parked, minus before
};

goro::Task<> parked(goro::Chan<goro::Unit> release, goro::WaitGroup started,
                    goro::WaitGroup finished) {
    started.done();
    co_await release.recv();  // blocks until release is closed
    finished.done();
}

goro::Task<> spawn_park_main(std::int64_t n, SpawnParkOut* out) {
    const double heap_before = heap_in_use_bytes();
    const double rss_before = current_rss_bytes();

    goro::Chan<goro::Unit> release = goro::make_chan<goro::Unit>();
    goro::WaitGroup started;
    goro::WaitGroup finished;
    started.add(static_cast<int>(n));
    finished.add(static_cast<int>(n));

    const Clock::time_point start = Clock::now();
    for (int i = 0; i < n; ++i)
        goro::go(parked(release, started, finished));
    co_await started.wait();
    const double spawned = seconds_between(start, Clock::now());

    // Every goroutine is now parked on release, or about to be (not timed).
    out->heap_growth = heap_in_use_bytes() - heap_before;
    out->rss_growth = current_rss_bytes() - rss_before;

    const Clock::time_point release_start = Clock::now();
    release.close();
    co_await finished.wait();
    out->seconds = spawned + seconds_between(release_start, Clock::now());
}

void spawn_park_bench(benchmark::State& state, goro::Mode mode) {
    reset_peak_rss();
    const std::int64_t n = workload_size(kSpawnParkGoroutines);
    Runs runs;
    bool first = true;
    SpawnParkOut cold;
    for (auto _ : state) {
        SpawnParkOut out;
        if (!run_main(state, options_for(mode), spawn_park_main(n, &out))) {
            break;
        }
        runs.add(out.seconds);
        if (first) cold = out, first = false;
    }
    if (runs.empty()) return;
    runs.report_seconds(state);
    runs.report_ns_per_op(state, static_cast<double>(n));
    // Memory figures come from the first run, as on the Go side. bytes_per_goroutine is the
    // growth of malloc's in-use bytes (coroutine frames, G records, queues: what the goroutines
    // cost in objects); rss_bytes_per_goroutine is the growth of the resident set (pages).
    state.counters["bytes_per_goroutine"] = cold.heap_growth / static_cast<double>(n);
    state.counters["rss_bytes_per_goroutine"] = cold.rss_growth / static_cast<double>(n);
    state.counters["peak_rss_mib"] = peak_rss_bytes() / (1024.0 * 1024.0);
}

[[maybe_unused]] const bool kSpawnParkRegistered =
    register_both_modes("BM_SpawnPark", kSpawnParkRuns, spawn_park_bench);

}  // namespace
}  // namespace gorama_bench
