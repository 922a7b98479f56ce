// Plays a guided lesson (lesson.hpp) on the real engine without a window, as `gorama lesson
// run` does and as its CI check does: each step's knobs are set (the class's "try" knobs too,
// as a class would set them), the engine runs until the step's condition holds on the fold,
// and the step's expectations are checked at that pause. The conditions and checks here are
// the ones the window's lesson panel uses.
//
// A step pauses at the first event after which its condition holds, or, for a time, after every
// event up to that time and before the first one after it, the clock at that time; events the
// engine ran past it are folded by the next step (the window's view lags the engine the same
// way). A condition
// still not met after kMaxStepTime of the run's clock, or by the run's end, fails the step.
#pragma once

#include <QString>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "goro/types.hpp"
#include "lesson/lesson.hpp"

namespace goro {
struct Event;
class Metrics;
struct WorldState;
}  // namespace goro

namespace gorama::lesson {

inline constexpr std::int64_t kMaxStepTime = 600'000'000'000;  // 10 minutes of the run's clock

// Whether `c` holds once `e` has been folded into `after` (a time: once the clock is at it or
// past; a step's pause at a time is before the first event past it, see above). `work_sites`: the
// scenario's (ScenarioInfo::work_sites as sites), so that "running" includes simulated work.
bool reached(const Condition& c, const goro::Event& e, const goro::WorldState& after,
             std::span<const goro::SiteId> work_sites);

// Empty when `x` holds; otherwise what was seen instead, in a sentence.
QString check(const Expectation& x, const goro::WorldState& world, const goro::Metrics& metrics,
              std::span<const goro::SiteId> work_sites);

// What a step's highlight names in `w`: the goroutines and channels of each name (a name may
// be both, or several goroutines), and whether "charts" is among them. A name that is none of
// these is in `missing`, for `gorama lesson run` to report.
struct Named {
    std::vector<goro::GoroutineId> goroutines;
    std::vector<goro::ObjectId> channels;
    bool charts = false;
    std::vector<std::string> missing;
};
Named named(const goro::WorldState& w, const std::vector<std::string>& names);

struct StepReport {
    bool paused = false;    // the condition held (a step without one never runs)
    std::int64_t time = 0;  // the run's clock at the pause
    std::uint64_t seq = 0;  // the events folded at the pause
    // The condition not reached, expectations that did not hold, highlighted names that are
    // not on the canvas at the pause.
    std::vector<QString> failures;
};

struct PlayReport {
    std::vector<StepReport> steps;
    bool ok() const;
};

// Plays `lesson` from its start; `out`, if given, gets a line for each step.
PlayReport play_lesson(const Lesson& lesson, std::ostream* out = nullptr);

}  // namespace gorama::lesson
