// The command line's one table: every command, option and exit status of `gorama`, with the
// sentence that explains it. `gorama --help` and the man page (gorama.1) are both written from
// it, and the option parser refuses any flag it does not list, so an option cannot reach one
// and miss the other (tests/app/cli_spec_test.cpp checks all three agree).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <span>
#include <string_view>

namespace gorama::cli {

// Which commands take an option (a bit mask).
enum Where : std::uint8_t { kWindow = 1, kRun = 2, kBoth = kWindow | kRun };

struct CommandSpec {
    std::string_view synopsis;  // "gorama run SCENARIO [OPTION ...]"
    std::string_view text;      // what it does, one or two sentences
};

struct OptionSpec {
    std::string_view flag;   // "--seed"
    std::string_view value;  // "N"; empty for a switch
    Where where;
    std::string_view text;
};

struct ExitSpec {
    int status;
    std::string_view text;
};

std::span<const CommandSpec> commands();
std::span<const OptionSpec> options();
std::span<const ExitSpec> exit_statuses();

// The option `flag` as `where` takes it, or nullptr if that command has no such option.
const OptionSpec* find_option(Where where, std::string_view flag);

// "0.1.0": CMake's project() version.
std::string_view version();

// `gorama --help`: plain text, wrapped to 80 columns.
void write_help(std::ostream& out);
// gorama.1 in man(7) roff.
void write_man_page(std::ostream& out);

}  // namespace gorama::cli
