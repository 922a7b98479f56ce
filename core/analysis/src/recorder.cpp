#include "goro/recorder.hpp"

#include <sys/mman.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
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

// Takes the next index from `next`. With one writer, a plain load and store: an atomic
// read-modify-write would wait for the writer's earlier stores, to memory not yet cached, to
// reach the cache (most of a traced event's cost). Readers only load `next`.
std::uint64_t claim_next(std::atomic<std::uint64_t>& next, bool one_writer) {
    if (one_writer) {
        const std::uint64_t i = next.load(std::memory_order_relaxed);
        next.store(i + 1, std::memory_order_relaxed);
        return i;
    }
    return next.fetch_add(1, std::memory_order_relaxed);
}

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
    std::uint64_t claim(bool one_writer) { return claim_next(next, one_writer); }
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

// The event log: 32-byte packed records in 2 MiB segments of raw memory mapped as huge pages
// (no constructor writes, one page fault per 65,536 events). A record is ready when its stamp,
// written last with a release store, holds its segment's stamp value (stamp_for()).
//
// Whole segments are recycled, through a process-wide pool (SegmentPool below), from discarded
// history and destroyed recorders: the kernel zeroes every page it maps, and zeroing fresh
// segments was half the time of a traced run (bench/README.md, "Tracing"). A recycled segment
// still holds the records of its last use, all stamped with one value; it is only handed out
// for a segment whose stamp value differs, so its old records never look ready.
struct Recorder::EventLog {
    // An Event in half the space (goro/packed_event.hpp). A record is ready when its stamp,
    // written last with a release store, holds its segment's stamp value (stamp_for()).
    using Packed = PackedEvent;

    static constexpr std::uint64_t kSegmentBytes = 2u << 20;
    static constexpr std::uint64_t kShift = 16;  // 65,536 records of 32 bytes: one segment
    static constexpr std::uint64_t kSize = 1ULL << kShift;
    static_assert(kSize * sizeof(Packed) == kSegmentBytes);
    static_assert(kSize == kEventsPerSegment);
    static constexpr std::uint64_t kMaxSegments = 1ULL << 14;  // 1G events held at once
    static constexpr std::uint64_t kPrefetchAhead = 16;        // records: 8 cache lines
    // With one writer, inside a batch: records are made readable this many at a time.
    static constexpr std::uint64_t kCommitEvery = 64;

    // The stamp of a complete record in segment s: 1..255, never 0 (fresh memory), and
    // different in consecutive segments.
    static std::uint8_t stamp_for(std::uint64_t s) {
        return static_cast<std::uint8_t>(1 + s % 255);
    }

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
        const std::uint64_t claimed = next.load();
        for (std::uint64_t i = first_segment.load(); i < used_segments(claimed, kShift); ++i) {
            Packed* seg = segments[i].load();
            if (!seg) continue;
            // Every claimed record is written by now; only a whole segment has one stamp.
            if (((i + 1) << kShift) <= claimed) {
                release(seg, stamp_for(i));
            } else {
                unmap(seg);
            }
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
    static void unmap(Packed* seg) { ::munmap(seg, kSegmentBytes); }
    // Gives a whole segment, every record of it stamped `stamp`, to the pool.
    static void release(Packed* seg, std::uint8_t stamp);
    // A segment for segment number s: a recycled one, or fresh memory.
    static Packed* acquire(std::uint64_t s);

    Packed* segment(std::uint64_t index) {
        const std::uint64_t s = index >> kShift;
        return segments.get_or_install(
            s, first_segment.load(std::memory_order_acquire), [s] { return acquire(s); }, unmap);
    }

    static std::atomic_ref<std::uint8_t> stamp_of(Packed& p) { return std::atomic_ref(p.stamp); }

    std::uint64_t claim(bool one_writer) { return claim_next(next, one_writer); }
    // The record if it is ready (its fields then readable), else null. With one writer, the
    // records before `committed`; else those whose stamp is set.
    Packed* ready(std::uint64_t i, bool one_writer) const {
        if (one_writer) {
            if (i >= committed.load(std::memory_order_acquire)) return nullptr;
            return &segments[i >> kShift].load(std::memory_order_acquire)[i & (kSize - 1)];
        }
        if (i >= next.load(std::memory_order_acquire)) return nullptr;
        Packed* seg = segments[i >> kShift].load(std::memory_order_acquire);
        if (!seg) return nullptr;
        Packed& p = seg[i & (kSize - 1)];
        return stamp_of(p).load(std::memory_order_acquire) == stamp_for(i >> kShift) ? &p : nullptr;
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

    // With one writer, record i is staged in a small buffer that stays in the cache, and
    // flush() moves whole runs of staged records to the log with non-temporal stores: they go
    // to memory without first reading each line into the cache (the log is written once and
    // read later, if ever: that read was half of a traced event's cost). Streamed one record at
    // a time they would cost more, not less: the next atomic instruction (a channel's lock)
    // writes out the half-filled line.
    void stage(std::uint64_t i, std::int64_t time, GoroutineId g, ObjectId object, std::uint32_t a,
               std::int32_t arg, std::int32_t aux, std::uint16_t site_flags, EventKind kind,
               std::uint8_t stamp) {
        Packed::write(&staged[i & (kCommitEvery - 1)], time, g, object, a, arg, aux, site_flags,
                      kind, stamp);
    }
    // With one writer, inside a batch, the staged slots from `next` on are lent to the runtime,
    // which writes its plain events there itself (LentRecords): lend() opens the run at `next`,
    // take_lent() claims what the runtime wrote since, close_lent() ends the lending.
    void lend() {
        const std::uint64_t n = next.load(std::memory_order_relaxed);
        lent_from = &staged[n & (kCommitEvery - 1)];
        lent.next = lent_from;
        lent.end = staged + kCommitEvery;
        lent.stamp = stamp_for(n >> kShift);
    }
    void take_lent() {
        if (lent.next == lent_from) return;
        next.store(next.load(std::memory_order_relaxed) +
                       static_cast<std::uint64_t>(lent.next - lent_from),
                   std::memory_order_relaxed);
        lent_from = lent.next;
    }
    void close_lent() {
        take_lent();
        lent = LentRecords{};
        lent_from = nullptr;
    }
    // With one writer: moves the records staged since the last call, up to `n` (excluded), to
    // the log and makes them readable. A flush never crosses a multiple of kCommitEvery, so
    // never a segment's end.
    void flush(std::uint64_t n) {
        const std::uint64_t from = committed.load(std::memory_order_relaxed);
        if (from == n) return;
        Packed* seg = segment(from);
        for (std::uint64_t j = from; j < n; ++j) {
            void* dst = &seg[j & (kSize - 1)];
            const void* src = &staged[j & (kCommitEvery - 1)];
#if defined(__SSE2__)
            const __m128i* in = static_cast<const __m128i*>(src);
            __m128i* out = static_cast<__m128i*>(dst);
            _mm_stream_si128(out, _mm_load_si128(in));
            _mm_stream_si128(out + 1, _mm_load_si128(in + 1));
#else
            std::memcpy(dst, src, sizeof(Packed));
#endif
        }
        commit(n);
    }
    // Makes the records before `n`, written, readable.
    void commit(std::uint64_t n) {
#if defined(__SSE2__)
        _mm_sfence();  // the streamed records are visible before `committed` says so
#endif
        committed.store(n, std::memory_order_release);
    }

    // With one writer: records not yet flushed, by index mod kCommitEvery, and the run of them
    // lent to the runtime (from lent_from to lent.end). Writer only.
    alignas(64) Packed staged[kCommitEvery];
    LentRecords lent;
    Packed* lent_from = nullptr;

    SegmentTable<Packed> segments;
    std::atomic<std::uint64_t> next{0};
    // With one writer: the records before it are readable (see commit()).
    std::atomic<std::uint64_t> committed{0};
    // The oldest segment not yet discarded (Recorder::discard_before()'s thread writes it).
    std::atomic<std::uint64_t> first_segment{0};
    // Per segment (a ring, as `segments`): the lowest text index + 1 its events name, and the
    // lowest wide-log index + 1 they use (0: none). The texts and wide events below every
    // retained segment's lowest can be freed with the events that used them.
    std::uint64_t* min_text;
    std::uint64_t* min_wide;
};

namespace {

// Segments of destroyed recorders and discarded history, with the stamp all their records
// carry, for the next segment a recorder needs. At most kMax (128 MiB) are kept: the window's
// history, 2 million events retained and up to a million not yet folded (46 segments), fits,
// so that a restarted run reuses the last one's. Beyond, they go back to the kernel.
class SegmentPool {
  public:
    static constexpr std::size_t kMax = 64;

    static SegmentPool& instance() {
        static SegmentPool pool;
        return pool;
    }
    ~SegmentPool() {
        for (const Entry& e : m_free)
            ::munmap(e.seg, kSegmentBytesOf);
    }

    // A segment whose records are not stamped `stamp`, or null.
    void* take(std::uint8_t stamp) {
        std::lock_guard lock(m_mu);
        for (std::size_t i = m_free.size(); i-- > 0;) {
            if (m_free[i].stamp == stamp) continue;
            void* seg = m_free[i].seg;
            m_free[i] = m_free.back();
            m_free.pop_back();
            return seg;
        }
        return nullptr;
    }
    // False if the pool is full: the caller unmaps `seg`.
    bool give(void* seg, std::uint8_t stamp) {
        std::lock_guard lock(m_mu);
        if (m_free.size() >= kMax) return false;
        m_free.push_back({seg, stamp});
        return true;
    }

    static constexpr std::size_t kSegmentBytesOf = 2u << 20;

  private:
    SegmentPool() { m_free.reserve(kMax); }
    struct Entry {
        void* seg;
        std::uint8_t stamp;
    };
    std::mutex m_mu;
    std::vector<Entry> m_free;
};

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

void Recorder::EventLog::release(Packed* seg, std::uint8_t stamp) {
    static_assert(SegmentPool::kSegmentBytesOf == kSegmentBytes);
    if (!SegmentPool::instance().give(seg, stamp)) unmap(seg);
}

Recorder::EventLog::Packed* Recorder::EventLog::acquire(std::uint64_t s) {
    if (void* seg = SegmentPool::instance().take(stamp_for(s))) return static_cast<Packed*>(seg);
    return map_huge();
}

Recorder::Recorder()
    : m_events(std::make_unique<EventLog>()),
      m_texts(std::make_unique<Segmented<std::string>>()),
      m_wide(std::make_unique<Segmented<Event>>()) {
    // Text id 0 means "no text".
    const std::uint64_t zero = m_texts->claim(false);
    m_texts->publish(zero, Segmented<std::string>::kFinal);
}

Recorder::~Recorder() = default;

void Recorder::attach(Writers writers) {
    const bool first = m_attached.fetch_add(1) == 0;
    if (first && writers == Writers::One) {
        m_events->commit(m_events->next.load(std::memory_order_relaxed));  // any recorded so far
        m_one_writer.store(true, std::memory_order_release);
    } else if (m_one_writer.load(std::memory_order_relaxed)) {
        // Everything streamed so far is readable, and its stamps are visible, before readers
        // go back to looking at stamps; the runtime writes no more records of its own.
        m_events->close_lent();
        m_events->flush(m_events->next.load(std::memory_order_relaxed));
        m_one_writer.store(false, std::memory_order_release);
    }
}

Recorder::Packing Recorder::pack_slow(const Event& e, std::uint64_t i, bool one_writer) {
    Packing out;
    std::uint16_t flags = 0;
    if (e.msg <= std::numeric_limits<std::uint32_t>::max() && (e.msg == 0 || e.text == 0) &&
        e.site <= PackedEvent::kSiteMask &&
        pack_i32(e.arg, e.time, PackedEvent::kArgFromTime, out.arg, flags) &&
        pack_i32(e.aux, e.time, PackedEvent::kAuxFromTime, out.aux, flags)) {
        if (e.text != 0) {
            out.a = e.text;
            flags |= PackedEvent::kText;
        } else {
            out.a = static_cast<std::uint32_t>(e.msg);
        }
        out.site_flags = static_cast<std::uint16_t>(e.site | flags);
    } else {
        const std::uint64_t w = m_wide->claim(one_writer);
        m_wide->slot(w) = e;
        EventLog::lower(m_events->min_wide, i >> EventLog::kShift, w + 1);
        m_wide->publish(w, Segmented<Event>::kFinal);  // after lower(): see discard_before()
        out = Packing{};
        out.a = static_cast<std::uint32_t>(w);  // mod 2^32: see Segmented::index_of()
        out.site_flags = PackedEvent::kWide;
    }
    if (e.text != 0) {
        const std::uint64_t t = m_texts->index_of(e.text);
        if (m_texts->ready(t)) {
            EventLog::lower(m_events->min_text, i >> EventLog::kShift, t + 1);
            m_texts->finalise(t);  // after lower(): see discard_before()
        }
    }
    return out;
}

LentRecords* Recorder::lend() {
    return m_one_writer.load(std::memory_order_relaxed) ? &m_events->lent : nullptr;
}

void Recorder::record(Event& e) {
    const bool one_writer = m_one_writer.load(std::memory_order_relaxed);
    if (one_writer && m_batch) {
        // The runtime's own records come first; if they filled the staging buffer, it is
        // flushed before this record takes its first slot.
        m_events->take_lent();
        const std::uint64_t n = m_events->next.load(std::memory_order_relaxed);
        if ((n & (EventLog::kCommitEvery - 1)) == 0) m_events->flush(n);
    }
    const std::uint64_t i = m_events->claim(one_writer);
    e.seq = i;
    // Field by field, with the sizes they were written with: a block copy of `e` would wait
    // for the caller's stores to reach the cache instead of taking them from the store buffer.
    // So are g and object, which the compiler would otherwise read with one 8-byte load.
    const std::int64_t time = e.time;
    const GoroutineId g = static_cast<const volatile GoroutineId&>(e.g);
    const ObjectId object = static_cast<const volatile ObjectId&>(e.object);
    const std::int64_t arg = e.arg;
    const std::int64_t aux = e.aux;
    Packing packed;
    if (e.text == 0 && PackedEvent::fits_plainly(e.msg, e.site, arg, aux)) [[likely]] {
        packed.a = static_cast<std::uint32_t>(e.msg);
        packed.arg = static_cast<std::int32_t>(arg);
        packed.aux = static_cast<std::int32_t>(aux);
        packed.site_flags = static_cast<std::uint16_t>(e.site);
    } else {
        packed = pack_slow(e, i, one_writer);  // a text, an instant, or too wide to pack
    }
    const std::uint8_t stamp = EventLog::stamp_for(i >> EventLog::kShift);
    if (one_writer) {
        m_events->stage(i, time, g, object, packed.a, packed.arg, packed.aux, packed.site_flags,
                        e.kind, stamp);
        if (!m_batch || ((i + 1) & (EventLog::kCommitEvery - 1)) == 0) m_events->flush(i + 1);
        if (m_batch) m_events->lend();
        return;
    }
    EventLog::Packed* seg = m_events->segment(i);
    EventLog::Packed& p = seg[i & (EventLog::kSize - 1)];
    // The line a few events on is asked for now, so that its stores find it in the cache.
    __builtin_prefetch(&seg[(i + EventLog::kPrefetchAhead) & (EventLog::kSize - 1)], 1);
    p.time = time;
    p.g = g;
    p.object = object;
    p.a = packed.a;
    p.arg = packed.arg;
    p.aux = packed.aux;
    p.site_flags = packed.site_flags;
    p.kind = e.kind;
    EventLog::stamp_of(p).store(stamp, std::memory_order_release);
}

void Recorder::begin_batch() {
    m_batch = true;
    if (m_one_writer.load(std::memory_order_relaxed)) m_events->lend();
}

void Recorder::end_batch() {
    m_batch = false;
    if (m_one_writer.load(std::memory_order_relaxed)) {
        m_events->close_lent();
        m_events->flush(m_events->next.load(std::memory_order_relaxed));
    }
}

std::uint32_t Recorder::intern(std::string_view text) {
    // A text's id is its index mod 2^32 (Segmented::index_of()); an index whose id would be 0,
    // "no text", is skipped.
    const bool one_writer = m_one_writer.load(std::memory_order_relaxed);
    std::uint64_t i = m_texts->claim(one_writer);
    while (static_cast<std::uint32_t>(i) == 0) {
        m_texts->slot(i).clear();
        m_texts->publish(i, Segmented<std::string>::kFinal);
        i = m_texts->claim(one_writer);
    }
    m_texts->slot(i).assign(text);
    m_texts->publish(i);
    return static_cast<std::uint32_t>(i);
}

Event Recorder::unpack(std::uint64_t seq, const void* record) const {
    const auto& p = *static_cast<const EventLog::Packed*>(record);
    const std::uint16_t flags = p.site_flags & ~PackedEvent::kSiteMask;
    if (flags & PackedEvent::kWide) return m_wide->get(m_wide->index_of(p.a));
    Event e;
    e.seq = seq;
    e.time = p.time;
    e.g = p.g;
    e.object = p.object;
    e.kind = p.kind;
    e.site = p.site_flags & PackedEvent::kSiteMask;
    e.arg = p.arg + ((flags & PackedEvent::kArgFromTime) ? p.time : 0);
    e.aux = p.aux + ((flags & PackedEvent::kAuxFromTime) ? p.time : 0);
    if (flags & PackedEvent::kText) {
        e.text = p.a;
    } else {
        e.msg = p.a;
    }
    return e;
}

std::uint64_t Recorder::published() const {
    const bool one_writer = m_one_writer.load(std::memory_order_acquire);
    if (one_writer) return m_events->committed.load(std::memory_order_acquire);
    std::uint64_t n = m_published_hint.load(std::memory_order_relaxed);
    while (m_events->ready(n, one_writer))
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
    const bool one_writer = m_one_writer.load(std::memory_order_acquire);
    while (n < max) {
        const EventLog::Packed* p = m_events->ready(cursor, one_writer);
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
            EventLog::release(seg, EventLog::stamp_for(s));
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
