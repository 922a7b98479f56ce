// The command line's subcommands. Each returns the process exit status: 0 done, 2 bad input
// (a message on `err` says what and why; nothing is written).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace gorama {

int list_command(std::ostream& out);
int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// lesson check FILE / lesson run FILE: 0 the lesson reads (and plays) as written, 1 it reads
// but a step's condition or expectation fails, 2 it cannot be read.
int lesson_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// Opens the window (needs a display, or QT_QPA_PLATFORM=offscreen for --screenshot).
int window_command(const std::vector<std::string>& args, int& argc, char** argv, std::ostream& out,
                   std::ostream& err);

}  // namespace gorama
