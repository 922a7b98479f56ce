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

// A table of `n` segment pointers, all null, that costs nothing until it is used: calloc takes
// large blocks straight from the kernel's zero pages, where a constructor loop would write
// megabytes per recorder. Entries are read and written through std::atomic_ref.
template <class Segment>
struct SegmentTable {
    explicit SegmentTable(std::size_t n)
        : slots(static_cast<Segment**>(std::calloc(n, sizeof(Segment*)))), size(n) {
        if (!slots) throw std::bad_alloc();
    }
    ~SegmentTable() { std::free(slots); }
    SegmentTable(const SegmentTable&) = delete;
    SegmentTable& operator=(const SegmentTable&) = delete;

    std::atomic_ref<Segment*> operator[](std::size_t i) const { return std::atomic_ref(slots[i]); }

    // Segment s, installed first if no writer has yet: `make()` builds one, and `discard(seg)`
    // frees the one built by a writer that lost the race to install it.
    template <class Make, class Discard>
    Segment* get_or_install(std::size_t s, Make make, Discard discard) {
        if (s >= size) throw std::length_error("goro: recorder is full");
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
std::uint64_t used_segments(std::uint64_t claimed, std::uint64_t shift, std::uint64_t max) {
    return std::min<std::uint64_t>(max, (claimed + (1ULL << shift) - 1) >> shift);
}

}  // namespace

// An append-only array of fixed segments: index -> slot, with a per-slot "ready" flag. For
// the interned texts and the events too wide to pack.
template <class T>
struct Recorder::Segmented {
    static constexpr std::uint64_t kShift = 10;  // 1,024 items a segment
    static constexpr std::uint64_t kSize = 1ULL << kShift;
    static constexpr std::uint64_t kMaxSegments = 1ULL << 20;  // 1G items

    struct Segment {
        T items[kSize];
        std::atomic<bool> ready[kSize];
        Segment() {
            for (auto& r : ready)
                r.store(false, std::memory_order_relaxed);
        }
    };

    Segmented() : segments(kMaxSegments) {}
    ~Segmented() {
        for (std::uint64_t i = 0; i < used_segments(next.load(), kShift, kMaxSegments); ++i)
            delete segments[i].load();
    }

    Segment* segment(std::uint64_t index) {
        return segments.get_or_install(
            index >> kShift, [] { return new Segment(); }, [](Segment* seg) { delete seg; });
    }

    // Claims the next index; the caller fills the slot and calls publish().
    std::uint64_t claim() { return next.fetch_add(1, std::memory_order_relaxed); }
    T& slot(std::uint64_t i) { return segment(i)->items[i & (kSize - 1)]; }
    void publish(std::uint64_t i) {
        segment(i)->ready[i & (kSize - 1)].store(true, std::memory_order_release);
    }
    bool ready(std::uint64_t i) const {
        if (i >= next.load(std::memory_order_acquire)) return false;
        const Segment* seg = segments[i >> kShift].load(std::memory_order_acquire);
        return seg && seg->ready[i & (kSize - 1)].load(std::memory_order_acquire);
    }
    const T& get(std::uint64_t i) const {
        return segments[i >> kShift].load(std::memory_order_acquire)->items[i & (kSize - 1)];
    }

    SegmentTable<Segment> segments;
    std::atomic<std::uint64_t> next{0};
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
    static constexpr std::uint64_t kMaxSegments = 1ULL << 14;  // 1G events

    EventLog() : segments(kMaxSegments) {}
    ~EventLog() {
        for (std::uint64_t i = 0; i < used_segments(next.load(), kShift, kMaxSegments); ++i) {
            if (Packed* seg = segments[i].load()) release(seg);
        }
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
        return segments.get_or_install(index >> kShift, map_huge, release);
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

    SegmentTable<Packed> segments;
    std::atomic<std::uint64_t> next{0};
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
    m_texts->publish(zero);
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
        if (w > std::numeric_limits<std::uint32_t>::max()) {
            throw std::length_error("goro: recorder is full");
        }
        m_wide->slot(w) = e;
        m_wide->publish(w);
        p.a = static_cast<std::uint32_t>(w);
        p.site_flags = EventLog::kWide;
    }
    EventLog::stamp_of(p).store(EventLog::kReady, std::memory_order_release);
}

std::uint32_t Recorder::intern(std::string_view text) {
    const std::uint64_t i = m_texts->claim();
    m_texts->slot(i).assign(text);
    m_texts->publish(i);
    return static_cast<std::uint32_t>(i);
}

Event Recorder::unpack(std::uint64_t seq, const void* record) const {
    const auto& p = *static_cast<const EventLog::Packed*>(record);
    const std::uint16_t flags = p.site_flags & ~EventLog::kSiteMask;
    if (flags & EventLog::kWide) return m_wide->get(p.a);
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
        // Every slot of segment s is below published(): all its writers are done with it.
        if (auto* seg = m_events->segments[s].exchange(nullptr, std::memory_order_acq_rel)) {
            EventLog::release(seg);
        }
    }
    const std::uint64_t new_first = end_segment << EventLog::kShift;
    if (new_first > first) m_first_retained.store(new_first, std::memory_order_release);
}

std::uint64_t Recorder::first_retained() const {
    return m_first_retained.load(std::memory_order_acquire);
}

std::string_view Recorder::text(std::uint32_t id) const {
    if (id == 0 || !m_texts->ready(id)) return {};
    return m_texts->get(id);
}

std::vector<Event> Recorder::events() const {
    std::vector<Event> out;
    std::uint64_t cursor = first_retained();
    const_cast<Recorder*>(this)->drain(cursor, out);
    return out;
}

}  // namespace goro
