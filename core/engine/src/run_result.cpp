#include "goro/run_result.hpp"

#include <sstream>

namespace goro {

std::string RunResult::describe() const {
    std::ostringstream out;
    switch (status) {
        case RunStatus::Deadlock:
            out << "fatal error: " << message << '\n';
            break;
        case RunStatus::Panicked:
            out << "panic: " << message << " (in goroutine " << culprit << ", " << culprit_name
                << ")\n";
            break;
        case RunStatus::Fatal:
            out << "fatal error: " << message;
            if (culprit) out << " (in goroutine " << culprit << ", " << culprit_name << ')';
            out << '\n';
            break;
        default:
            out << run_status_text(status) << '\n';
            break;
    }
    for (const StuckGoroutine& s : stuck) {
        out << "goroutine " << s.id << " [" << block_reason_text(s.reason) << "]: " << s.name;
        if (!s.object_name.empty()) out << " waits on " << s.object_name;
        if (s.site) out << " (line " << s.site << ")";
        out << '\n';
    }
    return out.str();
}

}  // namespace goro
