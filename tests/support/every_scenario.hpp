// Parameterised suites over every scenario:
//
//   INSTANTIATE_TEST_SUITE_P(Window, EveryScenario, gorama::testing::every_scenario(),
//                            gorama::testing::ScenarioTestName());
//
// gives one test per scenario, named after it ("worker_pool"), in the registry's order.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenarios/registry.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::testing {

inline auto every_scenario() {
    std::vector<std::string> names;
    for (const Scenario* s : all_scenarios())
        names.push_back(s->info().name);
    return ::testing::ValuesIn(names);
}

// "fan-out-fan-in" -> "fan_out_fan_in": a test name may not hold a '-'.
struct ScenarioTestName {
    std::string operator()(const ::testing::TestParamInfo<std::string>& info) const {
        std::string n = info.param;
        for (char& c : n)
            if (c == '-') c = '_';
        return n;
    }
};

}  // namespace gorama::testing
