#include <algorithm>
#include <iomanip>
#include <ostream>

#include "commands.hpp"
#include "scenarios/scenario.hpp"

namespace gorama {

int list_command(std::ostream& out) {
    for (const Scenario* s : all_scenarios()) {
        const ScenarioInfo& info = s->info();
        out << info.name << " - " << info.title << "\n  " << info.summary << "\n";
        // Each column as wide as its longest entry in this scenario, and two spaces apart: a
        // long label never runs into the range after it.
        std::size_t name_width = 0;
        std::size_t label_width = 0;
        for (const ParamSpec& p : info.params) {
            name_width = std::max(name_width, p.name.size());
            label_width = std::max(label_width, p.label.size());
        }
        for (const ParamSpec& p : info.params) {
            out << "    " << std::left << std::setw(static_cast<int>(name_width + 2)) << p.name
                << std::setw(static_cast<int>(label_width + 2)) << p.label << format_value(p, p.min)
                << " to " << format_value(p, p.max) << ", default " << format_value(p, p.def)
                << (p.live ? " (live)" : " (restart)") << '\n';
        }
        out << '\n';
    }
    return 0;
}

}  // namespace gorama
