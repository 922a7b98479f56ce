#include <iomanip>
#include <ostream>

#include "commands.hpp"
#include "scenarios/scenario.hpp"

namespace gorama {

int list_command(std::ostream& out) {
    for (const Scenario* s : all_scenarios()) {
        const ScenarioInfo& info = s->info();
        out << info.name << " - " << info.title << "\n  " << info.summary << "\n";
        for (const ParamSpec& p : info.params) {
            out << "    " << std::left << std::setw(22) << p.name << std::setw(22) << p.label
                << format_value(p, p.min) << " to " << format_value(p, p.max) << ", default "
                << format_value(p, p.def) << (p.live ? " (live)" : " (restart)") << '\n';
        }
        out << '\n';
    }
    return 0;
}

}  // namespace gorama
