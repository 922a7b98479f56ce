#include "scenarios/registry.hpp"

namespace gorama {

const std::vector<const Scenario*>& all_scenarios() {
    static const std::vector<const Scenario*> all = {
        &intro_scenario(),
        &worker_pool_scenario(),
        &fan_out_fan_in_scenario(),
        &pipeline_scenario(),
        &pipeline_cancel_scenario(),
        &rate_limit_scenario(),
        &context_timeout_retry_scenario(),
        &select_default_scenario(),
        &share_memory_scenario(),
        &pitfall_leak_scenario(),
        &pitfall_deadlock_scenario(),
        &pitfall_send_on_closed_scenario(),
        &buffered_vs_unbuffered_scenario(),
        &buffers_help_scenario(),
        &close_and_range_scenario(),
        &pool_size_vs_cores_scenario(),
        &large_values_scenario(),
    };
    return all;
}

const Scenario* find_scenario(std::string_view name) {
    for (const Scenario* s : all_scenarios()) {
        if (s->info().name == name) return s;
    }
    return nullptr;
}

}  // namespace gorama
