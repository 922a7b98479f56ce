// Tracing on a scenario as users run it: the worker pool and the token-bucket rate limiter
// (their defaults; both run until stopped), 60 s of virtual time each on the deterministic
// runtime, without and with a goro::Recorder. Unlike the channel micro-benchmarks, each goroutine
// here does what the scenario does between operations (jitter from the random source, metrics,
// annotations). bench/compare.sh pairs BM_TracingOff<suffix> with BM_TracingOn<suffix>; one "op" is
// one millisecond of virtual time, the same on both sides.
#include <benchmark/benchmark.h>

#include <memory>

#include "bench_util.hpp"
#include "goro/goro.hpp"
#include "goro/recorder.hpp"
#include "scenarios/registry.hpp"

namespace gorama_bench {
namespace {

constexpr int kScenarioRuns = 5;
constexpr std::int64_t kVirtualMs = 60'000;

void scenario_bench(benchmark::State& state, const gorama::Scenario& scenario, bool traced) {
    const std::int64_t virtual_ms = workload_size(kVirtualMs);
    Runs runs;
    double events = 0;
    for (auto _ : state) {
        std::unique_ptr<goro::Recorder> recorder;
        if (traced) recorder = std::make_unique<goro::Recorder>();
        goro::Runtime rt(options_for(goro::Mode::Deterministic, recorder.get()));
        scenario.start(rt, std::make_shared<gorama::Params>(scenario.info().params));
        const Clock::time_point start = Clock::now();
        const goro::RunResult r = rt.run_for(goro::Duration(virtual_ms * 1'000'000));
        runs.add(seconds_between(start, Clock::now()));
        if (r.status != goro::RunStatus::Paused && r.status != goro::RunStatus::Completed) {
            state.SkipWithError("the scenario did not run cleanly");
            break;
        }
        if (recorder) events = static_cast<double>(recorder->published());
    }
    runs.report_ns_per_op(state, static_cast<double>(virtual_ms));
    if (traced) state.counters["events_per_op"] = events / static_cast<double>(virtual_ms);
}

void BM_TracingOff_WorkerPool(benchmark::State& state) {
    scenario_bench(state, gorama::worker_pool_scenario(), false);
}
void BM_TracingOn_WorkerPool(benchmark::State& state) {
    scenario_bench(state, gorama::worker_pool_scenario(), true);
}
void BM_TracingOff_RateLimit(benchmark::State& state) {
    scenario_bench(state, gorama::rate_limit_scenario(), false);
}
void BM_TracingOn_RateLimit(benchmark::State& state) {
    scenario_bench(state, gorama::rate_limit_scenario(), true);
}

#define GORAMA_SCENARIO_BENCHMARK(fn) \
    BENCHMARK(fn)->Iterations(kScenarioRuns)->UseRealTime()->Unit(benchmark::kMillisecond)

GORAMA_SCENARIO_BENCHMARK(BM_TracingOff_WorkerPool);
GORAMA_SCENARIO_BENCHMARK(BM_TracingOn_WorkerPool);
GORAMA_SCENARIO_BENCHMARK(BM_TracingOff_RateLimit);
GORAMA_SCENARIO_BENCHMARK(BM_TracingOn_RateLimit);

}  // namespace
}  // namespace gorama_bench
