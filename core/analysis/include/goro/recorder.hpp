// Recorder: the Tracer that keeps a run's events in memory, for the fold, exporters and the GUI.
//
// Writers (any engine thread) never wait for each other or for readers: an event takes a slot
// with one atomic increment (a plain one when a single deterministic runtime writes: see
// attach()) and is published with one release store. Readers see the stream
// as a prefix: published() counts the events that are all readable, in order, from seq 0.
// Storage grows in fixed segments that never move, so a reader may read while writers append.
// Memory: the events are kept, packed into 32 bytes each (an event with values that do not fit
// 32 bits takes another 64 in a side log), in 2 MiB segments mapped as huge pages where the
// system allows (one page fault per 65,536 events), until a reader discards them. A long-lived
// reader (the window, a headless run that streams its outputs) bounds memory with
// discard_before(): events before a point are dropped, a whole segment at a time, and the
// readable stream starts at first_retained(). The interned texts and the wide events go with
// the events that used them. Storage is a ring of segments: a run of any length fits as long as
// fewer than 2^30 events are held at once ("recorder is full" beyond).
//
// Texts: an id is 32 bits, the text's index mod 2^32 (never 0), naming one text among those held
// (fewer than 2^30). Any number of events recorded after intern() returned it may name it, as
// long as one of them is still retained: once every event that named it is discarded, the text
// may be freed (text() then reads empty). The engine interns a text for each event that names
// one. A text interned and never named by an event is kept, and so is every text interned after
// it (tests only).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "goro/event.hpp"

namespace goro {

class Recorder final : public Tracer {
  public:
    // Events per storage segment: discard_before() drops whole segments.
    static constexpr std::uint64_t kEventsPerSegment = 65536;

    Recorder();
    ~Recorder() override;
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // Writers::One (one runtime, deterministic) lets record() and intern() take their slots
    // without atomic read-modify-writes; a second attach() makes the recorder take them
    // atomically for good.
    void attach(Writers writers) override;
    void record(Event& e) override;
    std::uint32_t intern(std::string_view text) override;
    void begin_batch() override;
    void end_batch() override;
    // With one writer, inside a batch: the staging slots the runtime writes plain events into.
    LentRecords* lend() override;

    // Events first_retained()..published()-1 are complete and readable.
    std::uint64_t published() const;
    // Event `seq`, unpacked (a copy: the recorder does not store Event objects).
    Event at(std::uint64_t seq) const;
    // Copies up to `max` events from `cursor` on and advances it; never blocks writers. A cursor
    // before first_retained() starts there.
    std::size_t drain(std::uint64_t& cursor, std::vector<Event>& out, std::size_t max = SIZE_MAX);

    // Frees the storage of events before `seq` (rounded down to a whole segment of
    // kEventsPerSegment events; never past published()), and of the texts and wide events
    // only they used (in whole segments of 1,024, oldest first). Called by the one reader that
    // owns the history, on its thread: readers on other threads still reading the dropped
    // events or their texts are not allowed. Writers are never affected.
    void discard_before(std::uint64_t seq);
    // The first event still readable (0 until discard_before() drops a segment).
    std::uint64_t first_retained() const;
    // A string interned before an event that names it was published; empty once freed.
    std::string_view text(std::uint32_t id) const;

    // What the recorder holds now: events (retained and published), texts and wide events
    // (claimed and not yet freed). Exact when no writer is recording; for tests of the bounds.
    struct Held {
        std::uint64_t events = 0, texts = 0, wide = 0;
    };
    Held held() const;

    // All published events (a copy).
    std::vector<Event> events() const;

  private:
    template <class T>
    struct Segmented;
    struct EventLog;
    Event unpack(std::uint64_t seq, const void* record) const;
    // An event's fields beside time, g, object and kind, as its record holds them.
    struct Packing {
        std::uint32_t a = 0;  // msg, text id, or index in the wide log
        std::int32_t arg = 0;
        std::int32_t aux = 0;
        std::uint16_t site_flags = 0;
    };
    // Packs an event with a text, an instant or values too wide for 32 bits (recording the
    // wide ones in the wide log), out of the common path.
    Packing pack_slow(const Event& e, std::uint64_t i, bool one_writer);

    std::unique_ptr<EventLog> m_events;
    std::unique_ptr<Segmented<std::string>> m_texts;
    std::unique_ptr<Segmented<Event>> m_wide;  // events whose values do not pack
    std::atomic<int> m_attached{0};            // runtimes attached
    std::atomic<bool> m_one_writer{false};     // exactly one, and it said Writers::One
    bool m_batch = false;                      // the writer is inside begin_batch()
    mutable std::atomic<std::uint64_t> m_published_hint{0};
    std::atomic<std::uint64_t> m_first_retained{0};
};

}  // namespace goro
