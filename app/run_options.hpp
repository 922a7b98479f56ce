// The options `gorama run` and the window share (scenario, --set, --seed, --mode, --speed), and
// each one's own, parsed from the command line with a sentence for every bad input.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "goro/runtime.hpp"
#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"

namespace gorama {

enum class Command : std::uint8_t { Run, Window };

struct RunOptions {
    const Scenario* scenario = nullptr;
    bool scenario_given = false;    // named on the command line (not the window's default)
    std::vector<std::string> sets;  // "NAME=VALUE", applied in order after any settings file
    std::uint64_t seed = 1;
    bool seed_given = false;
    goro::Mode mode = goro::Mode::Deterministic;
    bool mode_given = false;
    double speed = 1.0;
    bool speed_given = false;
    // run
    double for_ms = 10000;
    bool log = false;  // print the goroutines' annotations as they happened
    std::string trace, events, csv;
    // window
    std::string settings;  // a settings file to open first
    bool presentation = false;
    std::vector<std::string> compare;  // "NAME=VALUE" for run B of a comparison (Run > Compare)
    std::string screenshot;  // save a PNG of the window after `after_ms` of virtual time, exit
    double after_ms = 3000;
};

// Parses the arguments after "run" (Command::Run: the scenario comes first and is required) or
// all of them (Command::Window: an optional scenario first, intro by default). Returns nullopt
// and sets `error` to one sentence naming the flag and what it takes on any bad input: numbers
// as Go 1.19's flag package reads them (app/go_flag_syntax.hpp), never an empty file name.
std::optional<RunOptions> parse_run_options(Command command, const std::vector<std::string>& args,
                                            std::string& error);

// Applies the --set assignments in order: a number is read as Go's flag package reads its type
// (cli::kIntText, kRealText, kDurationText), then range checked. False and `error`, naming the
// flag (--set, or --compare) and the assignment, on the first bad one (those before it stay
// applied).
bool apply_sets(Params& params, const std::vector<std::string>& sets, std::string& error,
                std::string_view flag = "--set");

// The scenario's parameters with the --set assignments applied; nullptr and `error` if one is bad.
std::shared_ptr<Params> make_params(const Scenario& scenario, const std::vector<std::string>& sets,
                                    std::string& error);

// "250ms", "1.5s": a duration in the command line's own words.
std::string duration_text(double ms);

}  // namespace gorama
