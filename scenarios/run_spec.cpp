#include "scenarios/run_spec.hpp"

#include <cerrno>
#include <cstdlib>

namespace gorama::run_spec {
namespace {

const ParamSpec kSpeedSpec{
    .name = "speed", .kind = ParamKind::Real, .min = kMinSpeed, .max = kMaxSpeed, .def = 1};

std::string speed_range_text() {
    return format_value(kSpeedSpec, kMinSpeed) + " to " + format_value(kSpeedSpec, kMaxSpeed);
}

}  // namespace

std::optional<std::uint64_t> parse_seed(std::string_view text, std::string_view what,
                                        std::string& error) {
    // Digits only: strtoull alone would skip leading blanks and wrap " -1" to 2^64 - 1.
    const std::string s(text);
    const bool digits = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
    errno = 0;
    const unsigned long long seed = digits ? std::strtoull(s.c_str(), nullptr, 10) : 0;
    if (!digits || errno != 0) {
        error = std::string(what) + " takes a whole number from 0 to 18446744073709551615, not '" +
                s + "'";
        return std::nullopt;
    }
    return seed;
}

std::optional<goro::Mode> parse_mode(std::string_view text, std::string_view what,
                                     std::string& error) {
    if (text == mode_name(goro::Mode::Deterministic)) return goro::Mode::Deterministic;
    if (text == mode_name(goro::Mode::Parallel)) return goro::Mode::Parallel;
    error = std::string(what) + " takes deterministic or parallel, not '" + std::string(text) + "'";
    return std::nullopt;
}

std::optional<double> parse_speed(std::string_view text, std::string_view what,
                                  std::string& error) {
    ParamSpec spec = kSpeedSpec;
    spec.name = what;
    return parse_value(spec, text, error);
}

bool check_speed(double speed, std::string_view what, std::string& error) {
    if (speed >= kMinSpeed && speed <= kMaxSpeed) return true;
    error = std::string(what) + " must be from " + speed_range_text() + ", not " +
            format_value(kSpeedSpec, speed);
    return false;
}

std::string_view mode_name(goro::Mode mode) {
    return mode == goro::Mode::Parallel ? "parallel" : "deterministic";
}

}  // namespace gorama::run_spec
