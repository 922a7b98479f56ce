// gorama: the window by default; `gorama list` and `gorama run SCENARIO ...` work without a
// display. Every command and option is in app/cli_spec.cpp, which --help prints.
#include <iostream>
#include <string>
#include <vector>

#include "cli_spec.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "-h" || args[0] == "--help" || args[0] == "help")) {
        gorama::cli::write_help(std::cout);
        return 0;
    }
    if (!args.empty() && args[0] == "--version") {
        std::cout << "gorama " << gorama::cli::version() << '\n';
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
