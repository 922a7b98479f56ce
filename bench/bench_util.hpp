// Helpers shared by Gorama's benchmarks: running one runtime to completion, keeping the
// figures of the repetitions of a workload, and reading the process's memory use.
//
// Timing convention (the same as bench/go): the time of a run is measured INSIDE the main
// goroutine, from its first statement to the end of the workload (spawning and joining its
// goroutines included, creating and destroying the Runtime and its threads excluded). Each
// Google Benchmark iteration is one such run in a fresh goro::Runtime, and the counters report
// the BEST (minimum) run, as the Go side does; "median_*" and "cold_*" counters give the median
// and the first run. The benchmark's own real_time column is the mean wall time of an
// iteration and includes creating and tearing down the Runtime.
#pragma once

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "goro/goro.hpp"

namespace gorama_bench {

using Clock = std::chrono::steady_clock;

// The machine has 2 cores: the parallel runtime uses 2 worker threads, like GOMAXPROCS=2.
inline constexpr unsigned kParallelThreads = 2;

// GORAMA_BENCH_QUICK=1 divides every workload's size by 100, like the Go program's -quick: a
// smoke run, or a run under valgrind. Its figures are not comparable with the full-size ones.
inline bool quick_run() {
    static const bool quick = [] {
        const char* v = std::getenv("GORAMA_BENCH_QUICK");
        return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
    }();
    return quick;
}
inline std::int64_t workload_size(std::int64_t full) {
    return quick_run() ? full / 100 : full;
}

inline goro::RuntimeOptions options_for(goro::Mode mode, goro::Tracer* tracer = nullptr) {
    goro::RuntimeOptions o;
    o.mode = mode;
    if (mode == goro::Mode::Parallel) o.threads = kParallelThreads;
    o.tracer = tracer;
    return o;
}

inline double seconds_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

// Runs `main_task` as the main goroutine of a fresh runtime until it returns. Returns false,
// after state.SkipWithError, if the run did not complete.
inline bool run_main(benchmark::State& state, const goro::RuntimeOptions& options,
                     goro::Task<> main_task) {
    goro::Runtime rt(options);
    rt.go_main(std::move(main_task));
    goro::RunResult r = rt.run();
    if (r.status != goro::RunStatus::Completed) {
        std::string msg = std::string("run ended with status ") + goro::run_status_text(r.status) +
                          ": " + r.describe();
        state.SkipWithError(msg.c_str());
        return false;
    }
    return true;
}

// Registers `bench`, a benchmark body called with the benchmark::State, under `name`: `runs`
// iterations of one run each, timed in real milliseconds, as every Gorama benchmark is.
template <class Bench>
benchmark::internal::Benchmark* register_runs(const std::string& name, int runs, Bench bench) {
    return benchmark::RegisterBenchmark(name.c_str(), std::move(bench))
        ->Iterations(runs)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
}

// Registers `bench(state, mode)` once per runtime: NAME_Deterministic, then NAME_Parallel. Returns
// true, so that a namespace-scope constant can register at static initialisation, in file order.
template <class Bench>
bool register_both_modes(const std::string& name, int runs, Bench bench) {
    register_runs(name + "_Deterministic", runs,
                  [bench](benchmark::State& state) { bench(state, goro::Mode::Deterministic); });
    register_runs(name + "_Parallel", runs,
                  [bench](benchmark::State& state) { bench(state, goro::Mode::Parallel); });
    return true;
}

// The durations (seconds) of the runs of one benchmark, in order.
class Runs {
  public:
    void add(double seconds) { m_seconds.push_back(seconds); }
    bool empty() const { return m_seconds.empty(); }
    double best() const { return *std::min_element(m_seconds.begin(), m_seconds.end()); }
    double cold() const { return m_seconds.front(); }
    double median() const {
        std::vector<double> s = m_seconds;
        std::sort(s.begin(), s.end());
        const std::size_t n = s.size();
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    // "ns_per_op" (best run), "median_ns_per_op" and "runs" for `ops` operations per run.
    void report_ns_per_op(benchmark::State& state, double ops) const {
        if (empty()) return;
        state.counters["n"] = ops;
        state.counters["ns_per_op"] = best() * 1e9 / ops;
        state.counters["median_ns_per_op"] = median() * 1e9 / ops;
        state.counters["runs"] = static_cast<double>(m_seconds.size());
    }
    // "seconds" (best run), "median_seconds", "cold_seconds" (first run) and "runs".
    void report_seconds(benchmark::State& state) const {
        if (empty()) return;
        state.counters["seconds"] = best();
        state.counters["median_seconds"] = median();
        state.counters["cold_seconds"] = cold();
        state.counters["runs"] = static_cast<double>(m_seconds.size());
    }

  private:
    std::vector<double> m_seconds;
};

// A "VmHWM:" or "VmRSS:" line of /proc/self/status, in bytes (0 if unavailable).
inline double proc_status_bytes(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string key;
    while (in >> key) {
        if (key == field) {
            double kib = 0;
            in >> kib;
            return kib * 1024.0;
        }
        std::string rest;
        std::getline(in, rest);
    }
    return 0;
}
inline double peak_rss_bytes() {
    return proc_status_bytes("VmHWM:");
}
inline double current_rss_bytes() {
    return proc_status_bytes("VmRSS:");
}

// Gives the memory freed by earlier benchmarks back to the OS, then resets the peak RSS
// (VmHWM) to the current RSS (Linux >= 4.0: "5" > /proc/self/clear_refs). Afterwards VmHWM is
// the peak of what follows, plus the process's baseline, nearly as in a fresh process.
// Returns false if the reset is not available (VmHWM then stays the process-wide peak).
inline bool reset_peak_rss() {
    malloc_trim(0);
    std::ofstream clear("/proc/self/clear_refs");
    if (!clear) return false;
    clear << "5\n";
    clear.flush();
    return static_cast<bool>(clear);
}

// Bytes the C++ heap hands out (malloc's in-use chunks, both the arenas and the mmapped
// blocks, over all threads' arenas): the cost of objects, not of pages.
inline double heap_in_use_bytes() {
    struct mallinfo2 mi = mallinfo2();
    return static_cast<double>(mi.uordblks) + static_cast<double>(mi.hblkhd);
}

}  // namespace gorama_bench
