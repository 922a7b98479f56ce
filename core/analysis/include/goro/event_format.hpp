// Text forms of events: one JSON object per line (the --events export and the byte-for-byte
// determinism tests) and a short human sentence (the event log).
#pragma once

#include <cstdint>
#include <deque>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "goro/event.hpp"

namespace goro {

class Recorder;
struct WorldState;

// {"seq":0,"t":0,"kind":"GoCreate","g":1,"obj":0,"msg":0,"arg":0,"aux":0,"site":0,"text":"main"}
std::string event_to_json(const Event& e, const Recorder& recorder);
// Writes every published event of `recorder`, one JSON object per line.
void write_events_jsonl(std::ostream& out, const Recorder& recorder);
// Escapes a string for a JSON string literal (without the quotes).
std::string json_escape(std::string_view s);

// Remembers the names GoCreate, ChanMake and CtxCreate events gave goroutines, channels and
// contexts (copies: the recorder frees a text with the events that used it), and each channel's
// capacity, so that describe_event() can name them without a full fold. Feed it every event in
// seq order with note(), with the event's text. Names never change once given, so the index
// answers for any event, earlier or later, until forget_gone_before() drops those gone. Memory:
// one name for each goroutine, channel and context made, or, with forget_gone_before(), alive
// or gone since the oldest event kept.
class NameIndex {
  public:
    struct Object {
        std::string name;
        EventKind kind = EventKind::Annotate;  // ChanMake, CtxCreate or SyncMake
        std::int64_t cap = -1;                 // a channel's capacity
    };

    // Notes event `seq` of the stream: names from GoCreate, ChanMake, CtxCreate and SyncMake; the
    // end of a goroutine (GoEnd) and of a channel (ChanUnreachable), for forget_gone_before().
    void note(const Event& e, std::string_view text, std::uint64_t seq = 0);
    // Forgets the names of goroutines that ended, and channels that became unreachable, before
    // event `seq`: no event from `seq` on can name them. A reader that keeps only the newest
    // events (a recorder that discards its oldest) calls it with the oldest it keeps, so that
    // the index holds what is alive or recent, not everything a long run ever made. Contexts
    // and sync objects are kept (no event says when one is gone).
    void forget_gone_before(std::uint64_t seq);
    void clear();
    // Goroutine `id`'s name; empty if none was noted.
    std::string_view goroutine(GoroutineId id) const;
    // What named object `id`; nullptr if nothing did.
    const Object* object(ObjectId id) const;
    std::size_t size() const { return m_goroutines.size() + m_objects.size(); }

  private:
    struct Gone {
        std::uint64_t seq;
        bool goroutine;
        std::uint64_t id;
    };
    std::unordered_map<GoroutineId, std::string> m_goroutines;
    std::unordered_map<ObjectId, Object> m_objects;
    std::deque<Gone> m_gone;  // in seq order
};

// The event as a short sentence for the event log, in Go's words where Go has them:
// "worker 2 sent #7 on jobs (2/5 buffered)", "main closed jobs", "worker 1 blocked: chan receive
// on jobs", "select in worker 3 chose case 1 (results)", "worker 3 locked mu". Goroutines,
// channels, contexts and sync objects are called by the names their GoCreate / ChanMake /
// CtxCreate / SyncMake events gave them, looked up in `names` (a fold at or after the event;
// names never change, but a fold forgets a channel once it is unreachable, and the finished
// goroutines beyond its last few: the NameIndex overload keeps every name); without a name:
// "g7", "chan 3", "mutex 5". Goroutine 0 is "runtime" (timers, the host thread). Durations and
// instants read as "250 ms", "1.5 s".
std::string describe_event(const Event& e, const Recorder& recorder,
                           const WorldState* names = nullptr);
// The same, naming through an index fed with the stream up to the event (at least).
std::string describe_event(const Event& e, const Recorder& recorder, const NameIndex& names);

// "250 ms", "1.5 s", "12 µs", "800 ns": a duration in ns, three significant digits at most.
std::string format_duration(std::int64_t ns);

}  // namespace goro
