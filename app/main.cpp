// gorama: the window by default; `gorama list` and `gorama run SCENARIO ...` work without a
// display.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

void usage(std::ostream& out) {
    out << "usage: gorama [SCENARIO] [--set NAME=VALUE ...] [--seed N]\n"
           "              [--mode deterministic|parallel] [--speed X] [--settings FILE.json]\n"
           "              [--presentation] [--screenshot FILE.png [--after DURATION]]\n"
           "         opens the window on SCENARIO (default: intro) and plays it; --screenshot\n"
           "         runs DURATION of virtual time (default 3s), saves the window and exits\n"
           "       gorama list\n"
           "         lists the scenarios with their parameters, ranges and defaults\n"
           "       gorama run SCENARIO [--set NAME=VALUE ...] [--seed N]\n"
           "                  [--mode deterministic|parallel] [--for DURATION] [--speed X]\n"
           "                  [--log] [--trace FILE.json] [--events FILE.jsonl] [--csv FILE.csv]\n"
           "         runs a scenario without a display and prints a summary\n";
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "-h" || args[0] == "--help" || args[0] == "help")) {
        usage(std::cout);
        return 0;
    }
    if (!args.empty() && args[0] == "list") {
        if (args.size() > 1) {
            std::cerr << "gorama list: takes no arguments\n";
            return 2;
        }
        return gorama::list_command(std::cout);
    }
    if (!args.empty() && args[0] == "run") {
        return gorama::run_command({args.begin() + 1, args.end()}, std::cout, std::cerr);
    }
    // Qt reads its own options (-platform ...) from argv; ours are parsed first.
    int qt_argc = 1;
    return gorama::window_command(args, qt_argc, argv, std::cout, std::cerr);
}
