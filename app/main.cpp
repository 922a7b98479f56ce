// gorama: the window by default; `gorama list` and `gorama run SCENARIO ...` work without a
// display. Every command and option is in app/cli_spec.cpp, which --help prints.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cli_spec.hpp"
#include "commands.hpp"

namespace {

// What a command printed must have reached standard output (a full disk, /dev/full, a closed
// pipe): if not, a message and status 1, whatever the command returned.
int checked(int status) {
    errno = 0;
    std::cout.flush();  // with stdio in sync, this is fflush(stdout), which sets errno
    const int first = errno;
    if (std::fflush(stdout) == 0 && !std::ferror(stdout) && std::cout.good()) return status;
    const int why = first != 0 ? first : errno != 0 ? errno : EIO;
    std::cerr << "gorama: cannot write to standard output: " << std::strerror(why) << '\n';
    return 1;
}

int dispatch(const std::vector<std::string>& args, char** argv) {
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
    if (!args.empty() && args[0] == "lesson") {
        return gorama::lesson_command({args.begin() + 1, args.end()}, std::cout, std::cerr);
    }
    if (!args.empty() && args[0] == "run") {
        return gorama::run_command({args.begin() + 1, args.end()}, std::cout, std::cerr);
    }
    // Qt reads its own options (-platform ...) from argv; ours are parsed first.
    int qt_argc = 1;
    return gorama::window_command(args, qt_argc, argv, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
    return checked(dispatch({argv + 1, argv + argc}, argv));
}
