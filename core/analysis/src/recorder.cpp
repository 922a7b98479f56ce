#include "goro/recorder.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <new>
#include <stdexcept>
#include <type_traits>

namespace goro {
namespace {

// A ring of `n` (a power of two) segment pointers, all null, that costs nothing until it is
// used: calloc takes large blocks straight from the kernel's zero pages, where a constructor
// loop would write megabytes per recorder. Segment s lives in slot s mod n, so a run of any
// length fits as long as fewer than n segments are held at once (the caller checks, and frees
// a segment before its slot comes round again). Entries are read and written through
// std::atomic_ref.
template <class Segment>
struct SegmentTable {
    explicit SegmentTable(std::size_t n)
        : slots(static_cast<Segment**>(std::calloc(n, sizeof(Segment*)))), size(n) {
        if (!slots) throw std::bad_alloc();
    }
    ~SegmentTable() { std::free(slots); }
    SegmentTable(const SegmentTable&) = delete;
    SegmentTable& operator=(const SegmentTable&) = delete;

    std::atomic_ref<Segment*> operator[](std::uint64_t s) const {
        return std::atomic_ref(slots[s & (size - 1)]);
    }

    // Segment s, installed first if no writer has yet: `make()` builds one, and `discard(seg)`
    // frees the one built by a writer that lost the race to install it. `first` is the oldest
    // segment still held: s must be within `size` of it.
    template <class Make, class Discard>
    Segment* get_or_install(std::uint64_t s, std::uint64_t first, Make make, Discard discard) {
        if (s - first >= size) throw std::length_error("goro: recorder is full");
        Segment* seg = (*this)[s].load(std::memory_order_acquire);
        if (seg) return seg;
        Segment* fresh = make();
        if ((*this)[s].compare_exchange_strong(seg, fresh, std::memory_order_acq_rel)) {
            return fresh;
        }
        discard(fresh);
        return seg;
    }

    Segment** slots;
    std::size_t size;
};

// How many segments of 2^shift items the first `claimed` indices touch: only those can have
// been installed.
std::uint64_t used_segments(std::uint64_t claimed, std::uint64_t shift) {
    return (claimed + (1ULL << shift) - 1) >> shift;
}

}  // namespace

// An append-only array of fixed segments: index -> slot, with a per-slot state (empty, ready,
// final). For the interned texts and the events too wide to pack. Segments are freed from the
// front by release_before(), once every slot in them is final.
template <class T>
struct Recorder::Segmented {
    static constexpr std::uint64_t kShift = 10;  // 1,024 items a segment
    static constexpr std::uint64_t kSize = 1ULL << kShift;
    static constexpr std::uint64_t kMaxSegments = 1ULL << 20;  // 1G items held at once

    // A slot's state: kReady once written; kFinal once nothing will be added that refers to it
    // (a text: an event that uses it is recorded; a wide event: its record is being stamped).
    enum : std::uint8_t { kEmpty = 0, kReady = 1, kFinal = 2 };

    struct Segment {
        T items[kSize];
        std::atomic<std::uint8_t> state[kSize];
        Segment() {
            for (auto& st : state)
                st.store(kEmpty, std::memory_order_relaxed);
        }
    };

    Segmented() : segments(kMaxSegments) {}
    ~Segmented() {
        for (std::uint64_t i = first_segment.load(); i < used_segments(next.load(), kShift); ++i)
            delete segments[i].load();
    }

    Segment* segment(std::uint64_t index) {
        return segments.get_or_install(
            index >> kShift, first_segment.load(std::memory_order_acquire),
            [] { return new Segment(); }, [](Segment* seg) { delete seg; });
    }
    // The index of a 32-bit id (an index mod 2^32): the one among the held slots, which span
    // less than 2^32 indices.
    std::uint64_t index_of(std::uint32_t id) const {
        const std::uint64_t base = first_segment.load(std::memory_order_acquire) << kShift;
        return base + static_cast<std::uint32_t>(id - static_cast<std::uint32_t>(base));
    }

    // Claims the next index; the caller fills the slot and calls publish().
    std::uint64_t claim() { return next.fetch_add(1, std::memory_order_relaxed); }
    T& slot(std::uint64_t i) { return segment(i)->items[i & (kSize - 1)]; }
    void publish(std::uint64_t i, std::uint8_t state = kReady) {
        segment(i)->state[i & (kSize - 1)].store(state, std::memory_order_release);
    }
    // Marks a published slot final (a release store: what the caller wrote before is visible to
    // release_before()). Idempotent.
    void finalise(std::uint64_t i) {
        Segment* seg = segments[i >> kShift].load(std::memory_order_acquire);
        auto& st = seg->state[i & (kSize - 1)];
        if (st.load(std::memory_order_relaxed) != kFinal)
            st.store(kFinal, std::memory_order_release);
    }
    bool ready(std::uint64_t i) const {
        if (i >= next.load(std::memory_order_acquire)) return false;
        const Segment* seg = segments[i >> kShift].load(std::memory_order_acquire);
        return seg && seg->state[i & (kSize - 1)].load(std::memory_order_acquire) != kEmpty;
    }
    const T& get(std::uint64_t i) const {
        return segments[i >> kShift].load(std::memory_order_acquire)->items[i & (kSize - 1)];
    }

    // Whether every slot of segment `s` is final (acquire: what their writers did before is
    // visible to the caller).
    bool all_final(std::uint64_t s) const {
        const Segment* seg = segments[s].load(std::memory_order_acquire);
        if (!seg) return false;
        for (const auto& st : seg->state)
            if (st.load(std::memory_order_acquire) != kFinal) return false;
        return true;
    }
    // Frees, from the front, the whole segments that lie below `limit()` and hold only final
    // slots; stops at the first that does not. `limit` is asked after the slots are seen final.
    // One thread at a time (the recorder's discarding reader).
    template <class Limit>
    void release_before(Limit limit) {
        const std::uint64_t used = used_segments(next.load(), kShift);
        std::uint64_t first = first_segment.load(std::memory_order_relaxed);
        while (first + 1 < used && all_final(first) && ((first + 1) << kShift) <= limit()) {
            delete segments[first].exchange(nullptr, std::memory_order_acq_rel);
            first_segment.store(++first, std::memory_order_release);
        }
    }
    // Slots held (claimed and not freed), for tests of the memory bound.
    std::uint64_t held() const { return next.load() - (first_segment.load() << kShift); }

    SegmentTable<Segment> segments;
    std::atomic<std::uint64_t> next{0};
    // Segments before it are freed; written by release_before()'s thread only.
    std::atomic<std::uint64_t> first_segment{0};
};

// The event log: 32-byte packed records in 2 MiB segments of raw, zero-filled memory mapped as
// huge pages (no constructor writes, one page fault per 65,536 events). A record is ready when
// its stamp, written last with a release store, is set.
//
// Segments are not recycled: memory fresh from the kernel, zeroed a moment before, is still
// in the cache when the events are written, and writing them cost more in memory that had
// been used before (bench/README.md, "Tracing").
struct Recorder::EventLog {
    // An Event in half the space: seq is the index; site fits 12 bits, leaving 4 for flags;
    // msg and text share a field (no kind of event has both); msg, arg and aux fit 32 bits in
    // nearly every event, arg and aux counted from the event's time when they are instants (a
    // timer's due time, a context's deadline). An event whose values do not fit is kept whole
    // in the wide log, and `a` holds its index there.
    struct Packed {
        std::int64_t time;
        GoroutineId g;
        ObjectId object;
        std::uint32_t a;  // msg, text id, or index in the wide log
        std::int32_t arg;
        std::int32_t aux;
        std::uint16_t site_flags;  // site | kText | kWide | kArgFromTime | kAuxFromTime
        EventKind kind;
        std::uint8_t stamp;  // kReady once the record is complete; written last
    };
    static_assert(sizeof(Packed) == 32 && std::is_trivially_copyable_v<Packed>);
    static constexpr std::uint8_t kReady = 1;
    static constexpr std::uint16_t kSiteMask = 0x0fff;
    static constexpr std::uint16_t kText = 0x1000;         // `a` is a text id, not a message id
    static constexpr std::uint16_t kWide = 0x2000;         // `a` is an index in the wide log
    static constexpr std::uint16_t kArgFromTime = 0x4000;  // arg is stored as arg - time
    static constexpr std::uint16_t kAuxFromTime = 0x8000;  // aux is stored as aux - time

    static constexpr std::uint64_t kSegmentBytes = 2u << 20;
    static constexpr std::uint64_t kShift = 16;  // 65,536 records of 32 bytes: one segment
    static constexpr std::uint64_t kSize = 1ULL << kShift;
    static_assert(kSize * sizeof(Packed) == kSegmentBytes);
    static_assert(kSize == kEventsPerSegment);
    static constexpr std::uint64_t kMaxSegments = 1ULL << 14;  // 1G events held at once

    EventLog()
        : segments(kMaxSegments),
          min_text(static_cast<std::uint64_t*>(std::calloc(kMaxSegments, sizeof(std::uint64_t)))),
          min_wide(static_cast<std::uint64_t*>(std::calloc(kMaxSegments, sizeof(std::uint64_t)))) {
        if (!min_text || !min_wide) {
            std::free(min_text);
            std::free(min_wide);
            throw std::bad_alloc();
        }
    }
    ~EventLog() {
        for (std::uint64_t i = first_segment.load(); i < used_segments(next.load(), kShift); ++i) {
            if (Packed* seg = segments[i].load()) release(seg);
        }
        std::free(min_text);
        std::free(min_wide);
    }

    static Packed* map_huge() {
        // Over-allocate to align on 2 MiB, so that the kernel can back it with one huge page.
        const std::size_t span = 2 * kSegmentBytes;
        void* raw =
            ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) throw std::bad_alloc();
        const auto base = reinterpret_cast<std::uintptr_t>(raw);
        const std::uintptr_t aligned = (base + kSegmentBytes - 1) & ~(kSegmentBytes - 1);
        if (aligned > base) ::munmap(raw, aligned - base);
        const std::uintptr_t end = base + span;
        if (end > aligned + kSegmentBytes) {
            ::munmap(reinterpret_cast<void*>(aligned + kSegmentBytes),
                     end - aligned - kSegmentBytes);
        }
        ::madvise(reinterpret_cast<void*>(aligned), kSegmentBytes, MADV_HUGEPAGE);
        return reinterpret_cast<Packed*>(aligned);
    }
    static void release(Packed* seg) { ::munmap(seg, kSegmentBytes); }

    Packed* segment(std::uint64_t index) {
        return segments.get_or_install(
            index >> kShift, first_segment.load(std::memory_order_acquire), map_huge, release);
    }

    static std::atomic_ref<std::uint8_t> stamp_of(Packed& p) { return std::atomic_ref(p.stamp); }

    std::uint64_t claim() { return next.fetch_add(1, std::memory_order_relaxed); }
    // The record if it is ready (its fields then readable), else null.
    Packed* ready(std::uint64_t i) const {
        if (i >= next.load(std::memory_order_acquire)) return nullptr;
        Packed* seg = segments[i >> kShift].load(std::memory_order_acquire);
        if (!seg) return nullptr;
        Packed& p = seg[i & (kSize - 1)];
        return stamp_of(p).load(std::memory_order_acquire) == kReady ? &p : nullptr;
    }

    // Lowers segment `segment`'s entry of `table` to `value` (0 there means "none yet"). Texts
    // and wide events are claimed in about the order their events are, so this is nearly always
    // one load.
    static void lower(std::uint64_t* table, std::uint64_t segment, std::uint64_t value) {
        std::atomic_ref<std::uint64_t> m(table[segment & (kMaxSegments - 1)]);
        std::uint64_t cur = m.load(std::memory_order_relaxed);
        while ((cur == 0 || value < cur) &&
               !m.compare_exchange_weak(cur, value, std::memory_order_relaxed)) {
        }
    }
    // The lowest non-zero `table` entry of segments [from, to); UINT64_MAX if none.
    static std::uint64_t lowest(const std::uint64_t* table, std::uint64_t from, std::uint64_t to) {
        std::uint64_t low = UINT64_MAX;
        for (std::uint64_t s = from; s < to; ++s) {
            const std::uint64_t v =
                std::atomic_ref(const_cast<std::uint64_t&>(table[s & (kMaxSegments - 1)]))
                    .load(std::memory_order_relaxed);
            if (v != 0) low = std::min(low, v);
        }
        return low;
    }

    SegmentTable<Packed> segments;
    std::atomic<std::uint64_t> next{0};
    // The oldest segment not yet discarded (Recorder::discard_before()'s thread writes it).
    std::atomic<std::uint64_t> first_segment{0};
    // Per segment (a ring, as `segments`): the lowest text index + 1 its events name, and the
    // lowest wide-log index + 1 they use (0: none). The texts and wide events below every
    // retained segment's lowest can be freed with the events that used them.
    std::uint64_t* min_text;
    std::uint64_t* min_wide;
};

namespace {

bool fits_i32(std::int64_t v) {
    return v >= std::numeric_limits<std::int32_t>::min() &&
           v <= std::numeric_limits<std::int32_t>::max();
}

// Packs `v` into 32 bits, as is or counted from `time` (setting `from_time_flag`). False if
// neither fits.
bool pack_i32(std::int64_t v, std::int64_t time, std::uint16_t from_time_flag, std::int32_t& out,
              std::uint16_t& flags) {
    if (fits_i32(v)) {
        out = static_cast<std::int32_t>(v);
        return true;
    }
    // Both are instants on the runtime's clock (non-negative), so the difference cannot
    // overflow.
    if (v >= 0 && time >= 0 && fits_i32(v - time)) {
        out = static_cast<std::int32_t>(v - time);
        flags |= from_time_flag;
        return true;
    }
    return false;
}

}  // namespace

Recorder::Recorder()
    : m_events(std::make_unique<EventLog>()),
      m_texts(std::make_unique<Segmented<std::string>>()),
      m_wide(std::make_unique<Segmented<Event>>()) {
    // Text id 0 means "no text".
    const std::uint64_t zero = m_texts->claim();
    m_texts->publish(zero, Segmented<std::string>::kFinal);
}

Recorder::~Recorder() = default;

void Recorder::record(Event& e) {
    const std::uint64_t i = m_events->claim();
    e.seq = i;
    // Field by field, with the sizes they were written with: a block copy of `e` would wait
    // for the caller's stores to reach the cache instead of taking them from the store buffer.
    EventLog::Packed& p = m_events->segment(i)[i & (EventLog::kSize - 1)];
    p.time = e.time;
    p.g = e.g;
    p.object = e.object;
    p.kind = e.kind;
    std::uint16_t flags = 0;
    if (e.msg <= std::numeric_limits<std::uint32_t>::max() && (e.msg == 0 || e.text == 0) &&
        e.site <= EventLog::kSiteMask &&
        pack_i32(e.arg, e.time, EventLog::kArgFromTime, p.arg, flags) &&
        pack_i32(e.aux, e.time, EventLog::kAuxFromTime, p.aux, flags)) {
        if (e.text != 0) {
            p.a = e.text;
            flags |= EventLog::kText;
        } else {
            p.a = static_cast<std::uint32_t>(e.msg);
        }
        p.site_flags = static_cast<std::uint16_t>(e.site | flags);
    } else {
        const std::uint64_t w = m_wide->claim();
        m_wide->slot(w) = e;
        EventLog::lower(m_events->min_wide, i >> EventLog::kShift, w + 1);
        m_wide->publish(w, Segmented<Event>::kFinal);  // after lower(): see discard_before()
        p.a = static_cast<std::uint32_t>(w);           // mod 2^32: see Segmented::index_of()
        p.site_flags = EventLog::kWide;
    }
    if (e.text != 0) {
        const std::uint64_t t = m_texts->index_of(e.text);
        if (m_texts->ready(t)) {
            EventLog::lower(m_events->min_text, i >> EventLog::kShift, t + 1);
            m_texts->finalise(t);  // after lower(): see discard_before()
        }
    }
    EventLog::stamp_of(p).store(EventLog::kReady, std::memory_order_release);
}

std::uint32_t Recorder::intern(std::string_view text) {
    // A text's id is its index mod 2^32 (Segmented::index_of()); an index whose id would be 0,
    // "no text", is skipped.
    std::uint64_t i = m_texts->claim();
    while (static_cast<std::uint32_t>(i) == 0) {
        m_texts->slot(i).clear();
        m_texts->publish(i, Segmented<std::string>::kFinal);
        i = m_texts->claim();
    }
    m_texts->slot(i).assign(text);
    m_texts->publish(i);
    return static_cast<std::uint32_t>(i);
}

Event Recorder::unpack(std::uint64_t seq, const void* record) const {
    const auto& p = *static_cast<const EventLog::Packed*>(record);
    const std::uint16_t flags = p.site_flags & ~EventLog::kSiteMask;
    if (flags & EventLog::kWide) return m_wide->get(m_wide->index_of(p.a));
    Event e;
    e.seq = seq;
    e.time = p.time;
    e.g = p.g;
    e.object = p.object;
    e.kind = p.kind;
    e.site = p.site_flags & EventLog::kSiteMask;
    e.arg = p.arg + ((flags & EventLog::kArgFromTime) ? p.time : 0);
    e.aux = p.aux + ((flags & EventLog::kAuxFromTime) ? p.time : 0);
    if (flags & EventLog::kText) {
        e.text = p.a;
    } else {
        e.msg = p.a;
    }
    return e;
}

std::uint64_t Recorder::published() const {
    std::uint64_t n = m_published_hint.load(std::memory_order_relaxed);
    while (m_events->ready(n))
        ++n;
    // Only ever raised; a stale value just means a longer scan next time.
    std::uint64_t seen = m_published_hint.load(std::memory_order_relaxed);
    while (seen < n && !m_published_hint.compare_exchange_weak(seen, n)) {
    }
    return n;
}

Event Recorder::at(std::uint64_t seq) const {
    const EventLog::Packed* seg =
        m_events->segments[seq >> EventLog::kShift].load(std::memory_order_acquire);
    return unpack(seq, &seg[seq & (EventLog::kSize - 1)]);
}

std::size_t Recorder::drain(std::uint64_t& cursor, std::vector<Event>& out, std::size_t max) {
    cursor = std::max(cursor, first_retained());
    std::size_t n = 0;
    while (n < max) {
        const EventLog::Packed* p = m_events->ready(cursor);
        if (!p) break;
        out.push_back(unpack(cursor, p));
        ++cursor;
        ++n;
    }
    return n;
}

void Recorder::discard_before(std::uint64_t seq) {
    seq = std::min(seq, published());
    const std::uint64_t first = m_first_retained.load(std::memory_order_relaxed);
    const std::uint64_t end_segment = seq >> EventLog::kShift;  // segments [.., end) go
    for (std::uint64_t s = first >> EventLog::kShift; s < end_segment; ++s) {
        // Every slot of segment s is below published(): all its writers are done with it. Its
        // slot in the rings is cleared before a writer may take it again (first_segment).
        std::atomic_ref(m_events->min_text[s & (EventLog::kMaxSegments - 1)])
            .store(0, std::memory_order_relaxed);
        std::atomic_ref(m_events->min_wide[s & (EventLog::kMaxSegments - 1)])
            .store(0, std::memory_order_relaxed);
        if (auto* seg = m_events->segments[s].exchange(nullptr, std::memory_order_acq_rel)) {
            EventLog::release(seg);
        }
    }
    const std::uint64_t new_first = end_segment << EventLog::kShift;
    if (new_first > first) {
        m_events->first_segment.store(end_segment, std::memory_order_release);
        m_first_retained.store(new_first, std::memory_order_release);
    }
    // Texts and wide events go with the events that used them: a slot is final only once the
    // event using it has lowered its segment's minimum (and a text is only ever used by events
    // recorded after it was interned), so the minimum over the retained segments, read after
    // the slots are seen final, is a bound no retained or future event is below.
    const std::uint64_t kept_from = std::max(new_first, first) >> EventLog::kShift;
    const auto lowest = [&](const std::uint64_t* table) {
        const std::uint64_t used =
            used_segments(m_events->next.load(std::memory_order_acquire), EventLog::kShift);
        const std::uint64_t low = EventLog::lowest(table, kept_from, used);  // an index + 1
        return low == UINT64_MAX ? low : low - 1;
    };
    m_texts->release_before([&] { return lowest(m_events->min_text); });
    m_wide->release_before([&] { return lowest(m_events->min_wide); });
}

Recorder::Held Recorder::held() const {
    return {published() - first_retained(), m_texts->held(), m_wide->held()};
}

std::uint64_t Recorder::first_retained() const {
    return m_first_retained.load(std::memory_order_acquire);
}

std::string_view Recorder::text(std::uint32_t id) const {
    if (id == 0) return {};
    const std::uint64_t i = m_texts->index_of(id);
    if (!m_texts->ready(i)) return {};
    return m_texts->get(i);
}

std::vector<Event> Recorder::events() const {
    std::vector<Event> out;
    std::uint64_t cursor = first_retained();
    const_cast<Recorder*>(this)->drain(cursor, out);
    return out;
}

}  // namespace goro
