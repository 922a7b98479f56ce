// The channel workloads: unbuffered ping-pong, 4 producers and 4 consumers through a buffered
// channel, a 4-way select, and the cost of tracing. Their Go counterparts are in
// bench/go/channels.go (same sizes, best of 5 runs); bench/compare.sh puts the figures side by
// side. Each run checks the values it received.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "bench_util.hpp"
#include "goro/goro.hpp"
#include "goro/recorder.hpp"

namespace gorama_bench {
namespace {

constexpr int kChannelRuns = 5;  // as bench/go: best of 5
constexpr std::int64_t kPingPongRounds = 1'000'000;
constexpr std::int64_t kProducerConsumerItems = 4'000'000;
constexpr std::int64_t kSelectItems = 4'000'000;
constexpr int kWorkers = 4;           // producers, and consumers, in producer-consumer
constexpr std::size_t kBuffer = 128;  // capacity of the buffered channels
constexpr int kSelectWidth = 4;       // channels (and producers) in select4

// What a run reports back to the benchmark (written by its main goroutine).
struct RunOut {
    double seconds = 0;
    bool ok = false;
    std::string error;
};

// --- ping-pong ------------------------------------------------------------------------------

// for v := range ping { pong <- v + 1 }; close(pong)
goro::Task<> pong_partner(goro::Chan<std::int64_t> ping, goro::Chan<std::int64_t> pong) {
    while (std::optional<std::int64_t> v = co_await ping.recv())
        co_await pong.send(*v + 1);
    pong.close();
}

goro::Task<> ping_pong_main(std::int64_t rounds, RunOut* out) {
    const Clock::time_point start = Clock::now();
    goro::Chan<std::int64_t> ping = goro::make_chan<std::int64_t>();
    goro::Chan<std::int64_t> pong = goro::make_chan<std::int64_t>();
    goro::go(pong_partner(ping, pong));
    std::int64_t v = 0;
    for (std::int64_t i = 0; i < rounds; ++i) {
        co_await ping.send(v);
        v = (co_await pong.recv()).value_or(-1);
    }
    ping.close();
    co_await pong.recv();  // wait for the partner to finish
    out->seconds = seconds_between(start, Clock::now());
    out->ok = v == rounds;
    if (!out->ok) out->error = "ping-pong: got " + std::to_string(v);
}

// --- producer-consumer ----------------------------------------------------------------------

goro::Task<> producer(goro::Chan<std::int64_t> ch, std::int64_t count, goro::WaitGroup done) {
    for (std::int64_t i = 1; i <= count; ++i)
        co_await ch.send(i);
    done.done();
}

goro::Task<> consumer(goro::Chan<std::int64_t> ch, std::atomic<std::int64_t>* total,
                      goro::WaitGroup done) {
    std::int64_t sum = 0;
    while (std::optional<std::int64_t> v = co_await ch.recv())
        sum += *v;
    total->fetch_add(sum, std::memory_order_relaxed);
    done.done();
}

goro::Task<> producer_consumer_main(std::int64_t items, RunOut* out) {
    const std::int64_t per_producer = items / kWorkers;
    std::atomic<std::int64_t> total{0};
    const Clock::time_point start = Clock::now();
    goro::Chan<std::int64_t> ch = goro::make_chan<std::int64_t>(kBuffer);
    goro::WaitGroup producers;
    goro::WaitGroup consumers;
    producers.add(kWorkers);
    for (int p = 0; p < kWorkers; ++p)
        goro::go(producer(ch, per_producer, producers));
    consumers.add(kWorkers);
    for (int c = 0; c < kWorkers; ++c)
        goro::go(consumer(ch, &total, consumers));
    co_await producers.wait();
    ch.close();
    co_await consumers.wait();
    out->seconds = seconds_between(start, Clock::now());
    const std::int64_t want = kWorkers * per_producer * (per_producer + 1) / 2;
    out->ok = total.load() == want;
    if (!out->ok) out->error = "producer-consumer: sum " + std::to_string(total.load());
}

// --- select4 --------------------------------------------------------------------------------

goro::Task<> select_main(std::int64_t items, RunOut* out) {
    const std::int64_t per_producer = items / kSelectWidth;
    const std::int64_t total = per_producer * kSelectWidth;
    const Clock::time_point start = Clock::now();
    goro::WaitGroup producers;
    producers.add(kSelectWidth);
    goro::Chan<std::int64_t> c0 = goro::make_chan<std::int64_t>(kBuffer);
    goro::Chan<std::int64_t> c1 = goro::make_chan<std::int64_t>(kBuffer);
    goro::Chan<std::int64_t> c2 = goro::make_chan<std::int64_t>(kBuffer);
    goro::Chan<std::int64_t> c3 = goro::make_chan<std::int64_t>(kBuffer);
    for (const goro::Chan<std::int64_t>& c : {c0, c1, c2, c3}) {
        goro::go(producer(c, per_producer, producers));
    }
    std::int64_t sum = 0;
    std::optional<std::int64_t> v;
    for (std::int64_t received = 0; received < total; ++received) {
        co_await goro::select(c0.recv_case(v), c1.recv_case(v), c2.recv_case(v), c3.recv_case(v));
        sum += v.value_or(0);
    }
    co_await producers.wait();
    out->seconds = seconds_between(start, Clock::now());
    const std::int64_t want = kSelectWidth * per_producer * (per_producer + 1) / 2;
    out->ok = sum == want;
    if (!out->ok) out->error = "select4: sum " + std::to_string(sum);
}

// --- the benchmark loop ---------------------------------------------------------------------

using MainFn = goro::Task<> (*)(std::int64_t, RunOut*);

// Runs `main_fn` once per iteration in a fresh runtime (with a fresh Recorder when `traced`)
// and reports the best run's ns_per_op over `ops` operations.
void channel_bench(benchmark::State& state, goro::Mode mode, MainFn main_fn, std::int64_t ops,
                   bool traced = false) {
    ops = workload_size(ops);
    Runs runs;
    double events = 0;
    for (auto _ : state) {
        std::unique_ptr<goro::Recorder> recorder;
        if (traced) recorder = std::make_unique<goro::Recorder>();
        RunOut out;
        if (!run_main(state, options_for(mode, recorder.get()), main_fn(ops, &out))) break;
        if (!out.ok) {
            state.SkipWithError(out.error.c_str());
            break;
        }
        runs.add(out.seconds);
        if (recorder) events = static_cast<double>(recorder->published());
    }
    runs.report_ns_per_op(state, static_cast<double>(ops));
    if (traced) state.counters["events_per_op"] = events / static_cast<double>(ops);
}

// The benchmark of `main_fn` over `ops` operations, for register_both_modes.
auto channel_workload(MainFn main_fn, std::int64_t ops) {
    return [main_fn, ops](benchmark::State& state, goro::Mode mode) {
        channel_bench(state, mode, main_fn, ops);
    };
}

// Tracing: the same deterministic workloads without and with a goro::Recorder (which keeps
// every event in memory) as the runtime's tracer. Smaller sizes than above, to bound the
// Recorder's memory. bench/compare.sh pairs BM_TracingOff<suffix> with BM_TracingOn<suffix>.
constexpr std::int64_t kTracedRounds = 250'000;
constexpr std::int64_t kTracedItems = 1'000'000;

// Registers BM_TracingOff_<workload> and BM_TracingOn_<workload>: `main_fn` over `ops` on the
// deterministic runtime, without and then with a Recorder.
void register_tracing_pair(const std::string& workload, MainFn main_fn, std::int64_t ops) {
    for (const bool traced : {false, true}) {
        register_runs(std::string(traced ? "BM_TracingOn_" : "BM_TracingOff_") + workload,
                      kChannelRuns, [main_fn, ops, traced](benchmark::State& state) {
                          channel_bench(state, goro::Mode::Deterministic, main_fn, ops, traced);
                      });
    }
}

[[maybe_unused]] const bool kChannelRegistered = [] {
    register_both_modes("BM_PingPong", kChannelRuns,
                        channel_workload(ping_pong_main, kPingPongRounds));
    register_both_modes("BM_ProducerConsumer", kChannelRuns,
                        channel_workload(producer_consumer_main, kProducerConsumerItems));
    register_both_modes("BM_Select4", kChannelRuns, channel_workload(select_main, kSelectItems));
    register_tracing_pair("PingPong", ping_pong_main, kTracedRounds);
    register_tracing_pair("ProducerConsumer", producer_consumer_main, kTracedItems);
    register_tracing_pair("Select4", select_main, kTracedItems);
    return true;
}();

}  // namespace
}  // namespace gorama_bench
