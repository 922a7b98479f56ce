#include "goro/recorder.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <thread>
#include <type_traits>

namespace goro {

// An append-only array of fixed segments: index -> slot, with a per-slot "ready" flag.
template <class T>
struct Recorder::Segmented {
    static constexpr std::uint64_t kShift = 10;  // 1024 items a segment
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

    Segmented() : segments(new std::atomic<Segment*>[kMaxSegments]) {
        for (std::uint64_t i = 0; i < kMaxSegments; ++i)
            segments[i].store(nullptr);
    }
    ~Segmented() {
        for (std::uint64_t i = 0; i < kMaxSegments; ++i)
            delete segments[i].load();
    }

    Segment* segment(std::uint64_t index) {
        const std::uint64_t s = index >> kShift;
        if (s >= kMaxSegments) throw std::length_error("goro: recorder is full");
        Segment* seg = segments[s].load(std::memory_order_acquire);
        if (seg) return seg;
        auto* fresh = new Segment();
        if (segments[s].compare_exchange_strong(seg, fresh, std::memory_order_acq_rel)) {
            return fresh;
        }
        delete fresh;  // another writer installed it first
        return seg;
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

    std::unique_ptr<std::atomic<Segment*>[]> segments;
    std::atomic<std::uint64_t> next{0};
};

// The event log: like Segmented, but for a trivially copyable Event, with segments of raw,
// zero-filled memory mapped in 2 MiB huge pages (no constructor writes, few page faults).
struct Recorder::EventLog {
    static_assert(std::is_trivially_copyable_v<Event>);
    static constexpr std::uint64_t kSegmentBytes = 2u << 20;
    static constexpr std::uint64_t kShift = 15;  // 32,768 events of 64 bytes: one segment
    static constexpr std::uint64_t kSize = 1ULL << kShift;
    static_assert(kSize * sizeof(Event) <= kSegmentBytes);
    static constexpr std::uint64_t kMaxSegments = 1ULL << 15;  // 1G events

    struct Segment {
        Event* items;
        std::atomic<bool>* ready;  // zero-filled: all false
    };

    EventLog() : segments(new std::atomic<Segment*>[kMaxSegments]) {
        for (std::uint64_t i = 0; i < kMaxSegments; ++i)
            segments[i].store(nullptr);
    }
    ~EventLog() {
        for (std::uint64_t i = 0; i < kMaxSegments; ++i) {
            if (Segment* seg = segments[i].load()) release(seg);
        }
    }

    static Event* map_huge() {
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
        return reinterpret_cast<Event*>(aligned);
    }
    static void release(Segment* seg) {
        ::munmap(seg->items, kSegmentBytes);
        std::free(seg->ready);
        delete seg;
    }

    Segment* segment(std::uint64_t index) {
        const std::uint64_t s = index >> kShift;
        if (s >= kMaxSegments) throw std::length_error("goro: recorder is full");
        Segment* seg = segments[s].load(std::memory_order_acquire);
        if (seg) return seg;
        auto* fresh = new Segment{map_huge(), static_cast<std::atomic<bool>*>(
                                                  std::calloc(kSize, sizeof(std::atomic<bool>)))};
        if (!fresh->ready) {
            release(fresh);
            throw std::bad_alloc();
        }
        if (segments[s].compare_exchange_strong(seg, fresh, std::memory_order_acq_rel)) {
            return fresh;
        }
        release(fresh);  // another writer installed it first
        return seg;
    }

    std::uint64_t claim() { return next.fetch_add(1, std::memory_order_relaxed); }
    void put(std::uint64_t i, const Event& e) {
        Segment* seg = segment(i);
        seg->items[i & (kSize - 1)] = e;
        seg->ready[i & (kSize - 1)].store(true, std::memory_order_release);
    }
    bool ready(std::uint64_t i) const {
        if (i >= next.load(std::memory_order_acquire)) return false;
        const Segment* seg = segments[i >> kShift].load(std::memory_order_acquire);
        return seg && seg->ready[i & (kSize - 1)].load(std::memory_order_acquire);
    }
    const Event& get(std::uint64_t i) const {
        return segments[i >> kShift].load(std::memory_order_acquire)->items[i & (kSize - 1)];
    }

    std::unique_ptr<std::atomic<Segment*>[]> segments;
    std::atomic<std::uint64_t> next{0};
};

Recorder::Recorder()
    : m_events(std::make_unique<EventLog>()), m_texts(std::make_unique<Segmented<std::string>>()) {
    // Text id 0 means "no text".
    const std::uint64_t zero = m_texts->claim();
    m_texts->publish(zero);
}

Recorder::~Recorder() = default;

void Recorder::record(Event& e) {
    const std::uint64_t i = m_events->claim();
    e.seq = i;
    m_events->put(i, e);
}

std::uint32_t Recorder::intern(std::string_view text) {
    const std::uint64_t i = m_texts->claim();
    m_texts->slot(i).assign(text);
    m_texts->publish(i);
    return static_cast<std::uint32_t>(i);
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

const Event& Recorder::at(std::uint64_t seq) const {
    return m_events->get(seq);
}

std::size_t Recorder::drain(std::uint64_t& cursor, std::vector<Event>& out, std::size_t max) {
    cursor = std::max(cursor, first_retained());
    std::size_t n = 0;
    while (n < max && m_events->ready(cursor)) {
        out.push_back(m_events->get(cursor));
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
