// MotionCues: the events of the view's latest frame that the canvas animates (a value sent or
// received, a timer firing, a context cancelled), oldest first, and the counts of counters that
// flash on the canvas (CounterSpec::flash: "admitted" at the bucket). RunModel notes every
// event it folds into the view and clears the cues once the frame is shown; a flood keeps only
// the newest kKept events and kKeptOutcomes outcomes, so memory is fixed whatever the event
// rate and the canvas animates the newest of the flood. Qt-free; one thread.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "goro/event.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::ui {

// One count of a counter that flashes: which (its index in ScenarioInfo::counters) and who
// counted it.
struct OutcomeCue {
    std::size_t counter = 0;
    goro::GoroutineId g = 0;
};

class MotionCues {
  public:
    static constexpr std::size_t kKept = 1024;
    static constexpr std::size_t kKeptOutcomes = 64;

    // Whether the canvas animates events of kind `k` (the others are not kept).
    static bool animates(goro::EventKind k);

    // The scenario's counters (ScenarioInfo::counters): counts of those that flash are noted as
    // outcomes.
    void set_counters(const std::vector<CounterSpec>& counters);
    // `text` is the event's text (a Metric's counter name).
    void note(const goro::Event& e, std::string_view text = {});
    void clear() {
        m_events.clear();
        m_outcomes.clear();
    }
    // The newest kKept cues, oldest first.
    std::span<const goro::Event> events() const;
    // The newest kKeptOutcomes outcomes, oldest first.
    std::span<const OutcomeCue> outcomes() const;

  private:
    std::vector<goro::Event> m_events;    // at most 2 * kKept: halved when full
    std::vector<OutcomeCue> m_outcomes;   // at most 2 * kKeptOutcomes
    std::vector<std::string> m_flashing;  // by counter index; empty: that one does not flash
};

}  // namespace gorama::ui
