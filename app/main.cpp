// gorama: the command line. `gorama list` and `gorama run SCENARIO ...` work without a display;
// until the window exists, `gorama` alone runs the demo program.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "demo.hpp"

namespace {

void usage(std::ostream& out) {
    out << "usage: gorama [--parallel] [--seed N] [--workers N] [--jobs N]\n"
           "         runs Go by Example's worker pool on the goro engine and prints what happened\n"
           "       gorama list\n"
           "         lists the scenarios with their parameters, ranges and defaults\n"
           "       gorama run SCENARIO [--set NAME=VALUE ...] [--seed N]\n"
           "                  [--mode deterministic|parallel] [--for DURATION] [--speed X]\n"
           "                  [--trace FILE.json] [--events FILE.jsonl] [--csv FILE.csv]\n"
           "         runs a scenario without a display and prints a summary\n";
}

bool parse_int(const char* text, long lo, long hi, long& out) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || v < lo || v > hi) return false;
    out = v;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "list") {
        if (argc > 2) {
            std::cerr << "gorama list: takes no arguments\n";
            return 2;
        }
        return gorama::list_command(std::cout);
    }
    if (argc > 1 && std::string(argv[1]) == "run") {
        return gorama::run_command(std::vector<std::string>(argv + 2, argv + argc), std::cout,
                                   std::cerr);
    }
    gorama::DemoOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](long lo, long hi, long& out) {
            if (i + 1 >= argc || !parse_int(argv[i + 1], lo, hi, out)) {
                std::cerr << "gorama: " << arg << " needs a whole number from " << lo << " to "
                          << hi << "\n";
                return false;
            }
            ++i;
            return true;
        };
        long v = 0;
        if (arg == "--parallel") {
            options.parallel = true;
        } else if (arg == "--seed") {
            if (!value(0, 2147483647L, v)) return 2;
            options.seed = static_cast<std::uint64_t>(v);
        } else if (arg == "--workers") {
            if (!value(1, 1000, v)) return 2;
            options.workers = static_cast<int>(v);
        } else if (arg == "--jobs") {
            if (!value(0, 100000, v)) return 2;
            options.jobs = static_cast<int>(v);
        } else if (arg == "-h" || arg == "--help") {
            usage(std::cout);
            return 0;
        } else {
            std::cerr << "gorama: unknown argument '" << arg << "'\n";
            usage(std::cerr);
            return 2;
        }
    }
    return gorama::run_demo(options, std::cout);
}
