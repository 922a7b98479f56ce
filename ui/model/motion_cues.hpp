// MotionCues: the events of the view's latest frame that the canvas animates (a value sent or
// received, a timer firing, a context cancelled), oldest first. RunModel notes every event it
// folds into the view and clears the cues once the frame is shown; a flood keeps only the
// newest kKept, so memory is fixed whatever the event rate and the canvas animates the newest
// of the flood. Qt-free; one thread.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "goro/event.hpp"

namespace gorama::ui {

class MotionCues {
  public:
    static constexpr std::size_t kKept = 1024;

    // Whether the canvas animates events of kind `k` (the others are not kept).
    static bool animates(goro::EventKind k);

    void note(const goro::Event& e);
    void clear() { m_events.clear(); }
    // The newest kKept cues, oldest first.
    std::span<const goro::Event> events() const;

  private:
    std::vector<goro::Event> m_events;  // at most 2 * kKept: halved when full
};

}  // namespace gorama::ui
