// The deterministic runtime's promise, scenario by scenario: the same seed gives the same event
// stream, byte for byte, also when one process runs the scenario twice (the window's restart and
// replay do). No event field may depend on where the engine's objects lie in memory.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "every_scenario.hpp"
#include "goro/event_format.hpp"
#include "scenario_harness.hpp"

namespace {

using namespace std::chrono_literals;

class SameSeed : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(EveryScenario, SameSeed, gorama::testing::every_scenario(),
                         gorama::testing::ScenarioTestName());

TEST_P(SameSeed, GivesTheSameEventStreamTwiceInOneProcess) {
    // Both runs stay alive to the end, so the second one's objects lie elsewhere in memory.
    const auto [a, b] = gorama::testing::run_twice(GetParam(), {}, 7, 3s);
    ASSERT_GT(a.recorder->published(), 0U);
    ASSERT_EQ(a.recorder->published(), b.recorder->published());
    for (std::uint64_t i = 0; i < a.recorder->published(); ++i) {
        const std::string first = goro::event_to_json(a.recorder->at(i), *a.recorder);
        const std::string second = goro::event_to_json(b.recorder->at(i), *b.recorder);
        ASSERT_EQ(first, second) << "event " << i << " differs";
    }
}

}  // namespace
