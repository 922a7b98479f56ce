#include "scenario_harness.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "goro/event_fields.hpp"

namespace gorama::testing {

ScenarioRun prepare(const std::string& name, const std::vector<std::string>& sets, goro::Mode mode,
                    std::uint64_t seed, double speed) {
    ScenarioRun run;
    const Scenario* scenario = find_scenario(name);
    EXPECT_NE(scenario, nullptr) << "no scenario " << name;
    if (!scenario) return run;
    run.params = std::make_shared<Params>(scenario->info().params);
    for (const std::string& s : sets) {
        std::string error;
        EXPECT_TRUE(run.params->set_text(s, error)) << error;
    }
    goro::RuntimeOptions o;
    o.mode = mode;
    o.seed = seed;
    o.speed = speed;
    o.tracer = run.recorder.get();
    run.runtime = std::make_unique<goro::Runtime>(o);
    scenario->start(*run.runtime, run.params);
    return run;
}

namespace {
template <class Take>
std::vector<std::int64_t> collect(const ScenarioRun& run, goro::EventKind kind,
                                  std::string_view text, Take take) {
    std::vector<std::int64_t> out;
    for (std::uint64_t i = 0; i < run.recorder->published(); ++i) {
        const goro::Event& e = run.recorder->at(i);
        if (e.kind == kind && run.recorder->text(e.text) == text) take(out, e);
    }
    return out;
}
}  // namespace

std::vector<std::int64_t> observed(const ScenarioRun& run, std::string_view name) {
    return collect(run, goro::EventKind::Metric, name, [](auto& out, const goro::Event& e) {
        const goro::MetricFields m = *goro::as_metric(e);
        if (m.observation) out.push_back(m.value);
    });
}

std::vector<std::int64_t> sorted_observed(const ScenarioRun& run, std::string_view name) {
    std::vector<std::int64_t> values = observed(run, name);
    std::sort(values.begin(), values.end());
    return values;
}

std::vector<std::int64_t> metric_times(const ScenarioRun& run, std::string_view name) {
    return collect(run, goro::EventKind::Metric, name,
                   [](auto& out, const goro::Event& e) { out.push_back(e.time); });
}

std::vector<std::int64_t> annotation_times(const ScenarioRun& run, std::string_view text) {
    return collect(run, goro::EventKind::Annotate, text,
                   [](auto& out, const goro::Event& e) { out.push_back(e.time); });
}

goro::Metrics fold_metrics(const ScenarioRun& run, std::int64_t window_ns) {
    goro::Metrics metrics(window_ns);
    const goro::Recorder& rec = *run.recorder;
    for (std::uint64_t i = 0; i < rec.published(); ++i) {
        const goro::Event& e = rec.at(i);
        metrics.apply(e, rec.text(e.text));
    }
    return metrics;
}

void expect_clean_end(const ScenarioRun& run) {
    EXPECT_TRUE(completed_cleanly(run.result));
    for (const auto& [id, g] : run.world().goroutines) {
        EXPECT_EQ(g.state, goro::GoState::Finished) << g.name;
    }
}

::testing::AssertionResult completed_cleanly(const goro::RunResult& result) {
    if (result.status == goro::RunStatus::Completed && result.stuck.empty()) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "the run ended: " << result.describe();
}

void expect_counters(const ScenarioRun& run,
                     std::initializer_list<std::pair<std::string, std::int64_t>> expected) {
    for (const auto& [name, value] : expected)
        EXPECT_EQ(run.counter(name), value) << "counter " << name;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines)
        out += l + "\n";
    return out;
}

std::vector<std::int64_t> one_to(int n) {
    std::vector<std::int64_t> out;
    for (int i = 1; i <= n; ++i)
        out.push_back(i);
    return out;
}

ScenarioRun run_scenario(const std::string& name, const std::vector<std::string>& sets,
                         goro::Duration virtual_time, goro::Mode mode, std::uint64_t seed) {
    ScenarioRun run = prepare(name, sets, mode, seed);
    if (!run.runtime) return run;
    run.result = virtual_time.count() > 0 ? run.runtime->run_for(virtual_time) : run.runtime->run();
    return run;
}

ScenarioRun run_parallel(const std::string& name, const std::vector<std::string>& sets,
                         double speed) {
    ScenarioRun run = prepare(name, sets, goro::Mode::Parallel, 1, speed);
    if (run.runtime) run.result = run.runtime->run();
    return run;
}

std::pair<ScenarioRun, ScenarioRun> run_twice(const std::string& name,
                                              const std::vector<std::string>& sets,
                                              std::uint64_t seed, goro::Duration virtual_time) {
    ScenarioRun a = run_scenario(name, sets, virtual_time, goro::Mode::Deterministic, seed);
    ScenarioRun b = run_scenario(name, sets, virtual_time, goro::Mode::Deterministic, seed);
    EXPECT_EQ(a.recorder->published(), b.recorder->published())
        << name << " published a different number of events under seed " << seed;
    return {std::move(a), std::move(b)};
}

}  // namespace gorama::testing
