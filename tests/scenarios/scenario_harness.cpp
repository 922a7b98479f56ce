#include "scenario_harness.hpp"

#include <gtest/gtest.h>

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

ScenarioRun run_scenario(const std::string& name, const std::vector<std::string>& sets,
                         goro::Duration virtual_time, goro::Mode mode, std::uint64_t seed) {
    ScenarioRun run = prepare(name, sets, mode, seed);
    if (!run.runtime) return run;
    run.result = virtual_time.count() > 0 ? run.runtime->run_for(virtual_time) : run.runtime->run();
    return run;
}

}  // namespace gorama::testing
