// The demo program `gorama` runs until the window exists: Go by Example's worker pool on the
// engine, printed as it happens.
#pragma once

#include <cstdint>
#include <iosfwd>

namespace gorama {

struct DemoOptions {
    int workers = 3;
    int jobs = 5;
    std::uint64_t seed = 1;
    bool parallel = false;
};

// Runs the demo; prints the annotated events and a summary. Returns the process exit code.
int run_demo(const DemoOptions& options, std::ostream& out);

}  // namespace gorama
