// A run of a scenario as a test sets it up: its knobs from "NAME=VALUE" assignments (each
// checked, a bad one fails the test), the mode and the seed.
//
//   RunSpec s = gorama::testing::run_spec_of("worker-pool", {"workers=2"});
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "scenarios/params.hpp"
#include "scenarios/run_spec.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::testing {

inline RunSpec run_spec_of(const std::string& name, const std::vector<std::string>& sets = {},
                           goro::Mode mode = goro::Mode::Deterministic, std::uint64_t seed = 1) {
    RunSpec s;
    s.scenario = find_scenario(name);
    EXPECT_NE(s.scenario, nullptr) << name;
    if (!s.scenario) return s;
    s.params = std::make_shared<Params>(s.scenario->info().params);
    std::string error;
    for (const std::string& a : sets)
        EXPECT_TRUE(s.params->set_text(a, error)) << error;
    s.mode = mode;
    s.seed = seed;
    return s;
}

}  // namespace gorama::testing
