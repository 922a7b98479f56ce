// The scenarios, one function each, defined in their own files.
#pragma once

#include "scenarios/scenario.hpp"

namespace gorama {

const Scenario& worker_pool_scenario();

}  // namespace gorama
