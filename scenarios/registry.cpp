#include "scenarios/registry.hpp"

namespace gorama {

const std::vector<const Scenario*>& all_scenarios() {
    static const std::vector<const Scenario*> all = {
        &worker_pool_scenario(),
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
