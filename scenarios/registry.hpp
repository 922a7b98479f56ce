// The scenarios, one function each, defined in their own files.
#pragma once

#include "scenarios/scenario.hpp"

namespace gorama {

const Scenario& intro_scenario();
const Scenario& worker_pool_scenario();
const Scenario& fan_out_fan_in_scenario();
const Scenario& pipeline_scenario();
const Scenario& pipeline_cancel_scenario();
const Scenario& rate_limit_scenario();
const Scenario& context_timeout_retry_scenario();
const Scenario& select_default_scenario();
const Scenario& share_memory_scenario();
const Scenario& pitfall_leak_scenario();
const Scenario& pitfall_deadlock_scenario();
const Scenario& pitfall_send_on_closed_scenario();
const Scenario& buffered_vs_unbuffered_scenario();
const Scenario& buffers_help_scenario();
const Scenario& close_and_range_scenario();
const Scenario& pool_size_vs_cores_scenario();
const Scenario& large_values_scenario();

}  // namespace gorama
