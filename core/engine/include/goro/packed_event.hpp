// PackedEvent: an Event in 32 bytes, as a Recorder keeps it; LentRecords: a run of them a tracer
// lends a one-writer runtime, so that the engine writes its common events itself, with no call.
//
// Packing: seq is the record's index; site fits 12 bits, leaving 4 for flags; msg and text share
// a field (no kind of event has both); msg, arg and aux fit 32 bits in nearly every event, arg
// and aux counted from the event's time when they are instants (a timer's due time, a context's
// deadline). An event whose values do not fit is kept whole elsewhere (the Recorder's wide log),
// and `a` holds its index there.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "goro/types.hpp"

namespace goro {

enum class EventKind : std::uint8_t;

struct PackedEvent {
    std::int64_t time;
    GoroutineId g;
    ObjectId object;
    std::uint32_t a;  // msg, text id, or an index in the wide log
    std::int32_t arg;
    std::int32_t aux;
    std::uint16_t site_flags;  // site | kText | kWide | kArgFromTime | kAuxFromTime
    EventKind kind;
    std::uint8_t stamp;  // the writer's mark that the record is complete (the tracer's meaning)

    static constexpr std::uint16_t kSiteMask = 0x0fff;
    static constexpr std::uint16_t kText = 0x1000;         // `a` is a text id, not a message id
    static constexpr std::uint16_t kWide = 0x2000;         // `a` is an index in the wide log
    static constexpr std::uint16_t kArgFromTime = 0x4000;  // arg is stored as arg - time
    static constexpr std::uint16_t kAuxFromTime = 0x8000;  // aux is stored as aux - time

    // True if an event with these values and no text packs as is: msg, site, arg and aux fit.
    static constexpr bool fits_plainly(MessageId msg, SiteId site, std::int64_t arg,
                                       std::int64_t aux) noexcept {
        return msg <= std::numeric_limits<std::uint32_t>::max() && site <= kSiteMask &&
               arg == static_cast<std::int32_t>(arg) && aux == static_cast<std::int32_t>(aux);
    }

    // Writes a record as four 8-byte stores, so that a later block copy of it (to the log) takes
    // them straight from the store buffer, which it could not from stores of other sizes.
    static void write(PackedEvent* to, std::int64_t time, GoroutineId g, ObjectId object,
                      std::uint32_t a, std::int32_t arg, std::int32_t aux, std::uint16_t site_flags,
                      EventKind kind, std::uint8_t stamp) noexcept {
        // Word by word through memcpy (the record's fields are not uint64_t objects), each an
        // 8-byte store.
        auto* bytes = reinterpret_cast<unsigned char*>(to);
        const auto put = [bytes](int word, std::uint64_t v) {
            std::memcpy(bytes + 8 * word, &v, sizeof v);
        };
        put(0, static_cast<std::uint64_t>(time));
        put(1, g | (std::uint64_t{object} << 32));
        put(2, a | (std::uint64_t{static_cast<std::uint32_t>(arg)} << 32));
        put(3, static_cast<std::uint32_t>(aux) | (std::uint64_t{site_flags} << 32) |
                   (std::uint64_t{static_cast<std::uint8_t>(kind)} << 48) |
                   (std::uint64_t{stamp} << 56));
    }
};
static_assert(sizeof(PackedEvent) == 32 && std::is_trivially_copyable_v<PackedEvent>);

// Records a tracer lends its one writer (Tracer::lend()). While next != end, the writer may put
// an event that fits plainly (no text; PackedEvent::fits_plainly()) at next, with `stamp`, and
// advance next, in place of calling Tracer::record(); that event's seq is the one record() would
// have given it. Otherwise it calls record(). Only the tracer's own calls (record(),
// begin_batch(), end_batch()) move next and end, on the writer's thread.
struct LentRecords {
    PackedEvent* next = nullptr;
    PackedEvent* end = nullptr;
    std::uint8_t stamp = 0;
};

}  // namespace goro
