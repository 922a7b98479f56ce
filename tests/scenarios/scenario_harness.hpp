// Runs a scenario headless for tests: a runtime, a recorder, parameters, the result and the
// metrics folded from the events.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "goro/metrics.hpp"
#include "goro/recorder.hpp"
#include "goro/runtime.hpp"
#include "goro/world_state.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::testing {

// One millisecond of the run's clock, in the nanoseconds that events carry.
inline constexpr std::int64_t kMs = 1'000'000;

struct ScenarioRun {
    std::unique_ptr<goro::Recorder> recorder = std::make_unique<goro::Recorder>();
    std::shared_ptr<Params> params;
    std::unique_ptr<goro::Runtime> runtime;
    goro::RunResult result;

    goro::Metrics metrics() const { return goro::compute_metrics(*recorder); }
    goro::WorldState world() const { return goro::fold_events(*recorder); }
    // Values of a counter metric (goro::count) over the whole run.
    std::int64_t counter(const std::string& name) const {
        const auto m = metrics();
        auto it = m.counters().find(name);
        return it == m.counters().end() ? 0 : it->second;
    }
};

// The values observed under `name` (goro::observe), in the order they were observed.
std::vector<std::int64_t> observed(const ScenarioRun& run, std::string_view name);
// The values observed under `name`, in ascending order: for runs whose order is not the point.
std::vector<std::int64_t> sorted_observed(const ScenarioRun& run, std::string_view name);
// The times (ns) of every goro::count or goro::observe of metric `name`.
std::vector<std::int64_t> metric_times(const ScenarioRun& run, std::string_view name);
// The times (ns) of the annotations whose text is exactly `text`.
std::vector<std::int64_t> annotation_times(const ScenarioRun& run, std::string_view text);
// The run completed with no goroutine left: none stuck, every one finished.
void expect_clean_end(const ScenarioRun& run);
// The run completed with no goroutine stuck; a failure shows how it ended (describe()).
::testing::AssertionResult completed_cleanly(const goro::RunResult& result);
// Each counter (goro::count) named in `expected` ended the run at its value; a failure names it.
void expect_counters(const ScenarioRun& run,
                     std::initializer_list<std::pair<std::string, std::int64_t>> expected);
// The lines one after the other, each ending in a newline: to search goro::explain()'s sentences.
std::string joined(const std::vector<std::string>& lines);
// 1, 2, ..., n: what a run observes when n numbered items all arrive, in order.
std::vector<std::int64_t> one_to(int n);

// Folds a run's events into metrics as the window does live: windows of `window_ns` (the window
// uses 250 ms), and no finish(), so the window still open at the end is not shown.
goro::Metrics fold_metrics(const ScenarioRun& run, std::int64_t window_ns = 1'000'000'000);

// Prepares a run of scenario `name` with "NAME=VALUE" settings; fails the test on bad input.
ScenarioRun prepare(const std::string& name, const std::vector<std::string>& sets,
                    goro::Mode mode = goro::Mode::Deterministic, std::uint64_t seed = 1,
                    double speed = 1000.0);

// prepare(), start, then run for `virtual_time` (or to the end when it is zero).
ScenarioRun run_scenario(const std::string& name, const std::vector<std::string>& sets,
                         goro::Duration virtual_time = goro::Duration(0),
                         goro::Mode mode = goro::Mode::Deterministic, std::uint64_t seed = 1);

// prepare() and run to the end on the parallel runtime: real threads, the wall clock scaled by
// `speed` (at 1000 a virtual second is a wall millisecond; a test whose outcome hangs on two
// timers' order takes a lower speed, for margins that a loaded machine under ASan keeps).
ScenarioRun run_parallel(const std::string& name, const std::vector<std::string>& sets,
                         double speed = 1000.0);

// run_scenario() twice on the deterministic runtime with the same `seed`, expecting both runs to
// publish as many events; returns both, for the test's own comparisons.
std::pair<ScenarioRun, ScenarioRun> run_twice(const std::string& name,
                                              const std::vector<std::string>& sets,
                                              std::uint64_t seed,
                                              goro::Duration virtual_time = goro::Duration(0));

}  // namespace gorama::testing
