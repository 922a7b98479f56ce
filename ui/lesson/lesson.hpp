// A guided lesson: a scenario's starting settings and a list of steps that a teacher walks a
// class through, as the physics demonstration's "predict, observe, explain". Each step may
// change knobs, runs until a condition on the fold (never on wall time, so a lesson plays the
// same every time), then pauses, asks a question, reveals the answer with an explanation and
// the canvas elements to look at, and may check what the run shows against an expectation.
//
//   {"gorama": "lesson", "version": 1, "title": "A pool that cannot keep up",
//    "pattern": "Worker pool", "scenario": "worker-pool", "seed": 1,
//    "mode": "deterministic", "speed": 0.5, "params": {"workers": "2"},
//    "steps": [
//      {"say": "Two workers, a task every 100 ms.",
//       "until": {"channel": "tasks", "depth": 5},
//       "ask": {"question": "Who waits now?", "choices": ["the submitter", "the workers"],
//               "answer": 0},
//       "reveal": "The queue is full: the submitter blocks on its send.",
//       "highlight": ["tasks", "submitter"]},
//      {"say": "Raise Workers to 6.", "try": {"workers": "6"},
//       "until": {"time": "12s"},
//       "expect": [{"channel": "tasks", "depth_at_most": 1}]}]}
//
// A step's fields, all optional but `say`:
// - "set": knobs the lesson changes as the step starts ({"name": "value"}, as --set takes them);
//   "speed": the run's speed from then on.
// - "restart": true starts the run again (same seed) once the knobs are set, as Run > Restart
//   does: for knobs that take effect on restart.
// - "try": knobs the class is asked to change themselves, with the values the lesson expects
//   (a headless run, `gorama lesson run`, sets them as a class would).
// - "until": where the step pauses: {"time": "2s"} the run at 2 s (every event up to 2 s and none
//   after, the clock at 2 s); else the first event after which it holds:
//   {"channel": "tasks", "depth": 5} the channel holds at least 5 values; {"goroutine": "worker 1",
//   "state": "blocked: send"} that goroutine is in that state (the legend's words,
//   visual_state_label); {"event": "ChanClose"} an event of that kind; {"end": true} the run ends.
//   Without "until", the step does not run.
// - "ask": a multiple choice ({"question", "choices", "answer": index}) or a number to estimate
//   ({"question", "estimate": 4, "within": 0.25}: right within 25%).
// - "reveal": the explanation shown once answered; "highlight": names of goroutines and
//   channels the canvas outlines then ("charts" names the charts dock).
// - "expect": checks at the pause, each {"counter": "completed", "at_least": 10, "at_most": 20}
//   (the scenario's counters, or "completed"), {"channel": "tasks", "depth_at_most": 1} (or
//   depth_at_least), or {"goroutines": "blocked: send", "at_most": 0} (how many are in a state).
//   `gorama lesson run` fails on any that does not hold; the window says whether it held.
// - "compare": {"a": {knobs}, "b": {knobs}} opens two runs side by side (Run > Compare), both
//   from the lesson's seed with the knobs as they are at this step and these on top, and plays
//   them in step to the step's "until", which must be a time. Its knobs go nowhere else (no
//   "set", "try" or "restart" beside it), each expectation names its run ("run": "a" or "b"),
//   and each highlighted name must be on both canvases. The lesson's own run is left where it
//   was; the next step goes on with it.
//
// Reading checks everything before anything is used: a bad lesson yields one sentence naming
// the step (from 1) and the field, and no lesson at all. Plain data; Qt Core reads the JSON.
#pragma once

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "goro/event.hpp"
#include "scenarios/run_spec.hpp"
#include "style/visual_state.hpp"

namespace gorama::lesson {

struct Condition {
    enum class Kind : std::uint8_t { Time, Depth, State, Event, End };
    Kind kind = Kind::End;
    std::int64_t time = 0;    // Time: ns on the run's clock
    std::string name;         // Depth: the channel; State: the goroutine
    std::size_t depth = 0;    // Depth
    ui::VisualState state{};  // State
    goro::EventKind event{};  // Event
    QString text;             // as written, for messages: {"time": "2s"}
};

struct Question {
    QString question;
    std::vector<QString> choices;  // empty: a number to estimate
    int answer = 0;                // the right choice's index
    double estimate = 0;           // the number, and how far off an estimate may be (relative)
    double within = 0.25;
    bool is_estimate() const { return choices.empty(); }
};

struct Expectation {
    enum class Kind : std::uint8_t { Counter, Depth, StateCount };
    Kind kind = Kind::Counter;
    std::string run;          // a compare step's: "a" or "b", the run it is checked on
    std::string name;         // the counter, the channel, or the state's words
    ui::VisualState state{};  // StateCount
    std::optional<double> at_least;
    std::optional<double> at_most;
    QString text;  // as written, for messages
};

using Knobs = std::vector<std::pair<std::string, std::string>>;  // name, value as --set takes

// Two runs side by side (the window's Compare): A and B start again from the lesson's seed with
// the knobs as they are at this step, and these on top of them.
struct Comparison {
    Knobs a;
    Knobs b;
};

struct Step {
    QString say;
    Knobs set;
    std::optional<double> speed;
    Knobs try_knobs;
    bool restart = false;
    std::optional<Condition> until;
    std::optional<Question> ask;
    QString reveal;
    std::vector<std::string> highlight;
    std::vector<Expectation> expect;
    std::optional<Comparison> compare;
};

struct Lesson {
    QString title;
    QString pattern;  // the Lessons menu's group: "Worker pool", "Pitfalls"
    RunSpec start;    // params: the starting knobs (a fresh Params of the scenario)
    std::vector<Step> steps;
};

// Parses and checks a lesson; `where` (a path) starts every message.
std::optional<Lesson> parse_lesson(const QByteArray& json, const QString& where, QString& error);

// Whether `json` says it is a lesson ({"gorama": "lesson"}), as opposed to a settings file.
bool is_lesson(const QByteArray& json);

}  // namespace gorama::lesson
