// EventScript: writes a synthetic event stream into a goro::Recorder, one call an event, the
// way the engine records its own. For the tests and benchmarks of what consumes events (the
// fold, the canvas, the timeline) when a stream written by hand says more than a run would:
// a hand-off reported by both sides, a flood of a thousand goroutines, an exact sequence.
#pragma once

#include <cstdint>
#include <string_view>

#include "goro/event.hpp"
#include "goro/recorder.hpp"

namespace gorama::testing {

class EventScript {
  public:
    // Each event is stamped `step_ns` after the one before it (the first at `step_ns`); with
    // the default 0 every event happens at time 0.
    explicit EventScript(goro::Recorder& rec, std::int64_t step_ns = 0)
        : m_rec(rec), m_step(step_ns) {}

    // Records one event; a non-empty `text` (a name, Go's message) is interned. The fields mean
    // what goro/event.hpp says for `kind`. Returns the event's sequence number.
    std::uint64_t add(goro::EventKind kind, goro::GoroutineId g, goro::ObjectId object = 0,
                      goro::MessageId msg = 0, std::int64_t arg = 0, std::int64_t aux = 0,
                      std::string_view text = {}) {
        goro::Event e;
        m_time += m_step;
        e.time = m_time;
        e.kind = kind;
        e.g = g;
        e.object = object;
        e.msg = msg;
        e.arg = arg;
        e.aux = aux;
        e.text = text.empty() ? 0 : m_rec.intern(text);
        m_rec.record(e);
        return e.seq;
    }

    // The time of the last event.
    std::int64_t time() const { return m_time; }
    goro::Recorder& recorder() { return m_rec; }

  private:
    goro::Recorder& m_rec;
    std::int64_t m_step;
    std::int64_t m_time = 0;
};

}  // namespace gorama::testing
