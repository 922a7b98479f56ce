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

// What a value of each type accepts, in the words of --help and of every refusal. Numbers are
// read as Go 1.19's flag package reads a flag of that type (app/go_flag_syntax.hpp).
inline constexpr std::string_view kIntText =
    "a whole number such as 4, -2, 0x1F, 0o17, 0b101 or 1_000 (as Go's flag.Int)";
inline constexpr std::string_view kSeedText =
    "a whole number from 0 to 18446744073709551615 such as 7, 0x1F or 1_000, without a sign (as "
    "Go's flag.Uint64)";
inline constexpr std::string_view kRealText =
    "a number such as 0.25, 2, 1e-3 or 0x1p-2 (as Go's flag.Float64)";
inline constexpr std::string_view kSpeedText =
    "a number from 0.1 to 100 such as 2, 0.5 or 1e1 (as Go's flag.Float64)";
inline constexpr std::string_view kDurationText =
    "a duration such as 250ms, 1.5s or 1m30s: numbers each with a unit, ns, us, ms, s, m or h (as "
    "Go's flag.Duration)";

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

// A kind of value and what it accepts ("N", "a whole number ...").
struct ValueSpec {
    std::string_view name;
    std::string_view text;
};

struct ExitSpec {
    int status;
    std::string_view text;
};

std::span<const CommandSpec> commands();
std::span<const OptionSpec> options();
std::span<const ValueSpec> values();
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
