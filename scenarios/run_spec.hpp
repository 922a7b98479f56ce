// One run's settings, as the command line, settings files, lessons and the window all name
// them: the scenario, its knobs, the seed, the runtime's mode and the speed. The codec below is
// the one place that reads and writes each field as text and knows its range, so every entry
// point accepts exactly the same values and words its refusals the same way.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "goro/runtime.hpp"
#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"

namespace gorama {

struct RunSpec {
    const Scenario* scenario = nullptr;
    std::shared_ptr<Params> params;  // the scenario's knobs, live
    std::uint64_t seed = 1;
    goro::Mode mode = goro::Mode::Deterministic;
    double speed = 1.0;  // the run's clock seconds per wall second
};

namespace run_spec {

// The speed's range everywhere (window, `gorama run`, settings files, lessons): from a tenth of
// real time, slow enough to follow one hand-off, to a hundred times, as fast as a picture can
// still be read.
inline constexpr double kMinSpeed = 0.1;
inline constexpr double kMaxSpeed = 100;

// Each returns nullopt and sets `error` to one sentence (naming `what`, e.g. "--seed") on a
// value it refuses.
std::optional<std::uint64_t> parse_seed(std::string_view text, std::string_view what,
                                        std::string& error);
std::optional<goro::Mode> parse_mode(std::string_view text, std::string_view what,
                                     std::string& error);
std::optional<double> parse_speed(std::string_view text, std::string_view what, std::string& error);
// A speed that is already a number (a JSON value): checks its range.
bool check_speed(double speed, std::string_view what, std::string& error);

std::string_view mode_name(goro::Mode mode);  // "deterministic", "parallel"

}  // namespace run_spec
}  // namespace gorama
