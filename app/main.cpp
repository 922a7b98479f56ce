// gorama: the command line. `gorama list` and `gorama run SCENARIO ...` work without a display.
// Until the window exists, `gorama` alone (or with run options) runs the intro scenario and
// prints what its goroutines did.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

void usage(std::ostream& out) {
    out << "usage: gorama [RUN OPTIONS]\n"
           "         runs the intro scenario (Go by Example's worker pool) and prints what its\n"
           "         goroutines did; the window will open here once it exists\n"
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
    if (!args.empty() && args[0].rfind("--", 0) != 0) {
        std::cerr << "gorama: unknown command '" << args[0] << "'\n";
        usage(std::cerr);
        return 2;
    }
    std::vector<std::string> intro = {"intro", "--log"};
    intro.insert(intro.end(), args.begin(), args.end());
    std::cout << "The window is not built yet: running the intro scenario without a display.\n\n";
    return gorama::run_command(intro, std::cout, std::cerr);
}
