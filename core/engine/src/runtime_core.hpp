// RuntimeCore: the state behind a Runtime that the primitives and executors share.
#pragma once

#include <array>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "executor.hpp"
#include "goro/detail/spin_lock.hpp"
#include "goro/event.hpp"
#include "goro/runtime.hpp"
#include "goroutine.hpp"

namespace goro::detail {

struct ContextNode;

class RuntimeCore {
  public:
    RuntimeCore(Runtime& owner, RuntimeOptions options);
    ~RuntimeCore();

    Runtime& owner;
    const RuntimeOptions options;
    Tracer* const tracer;
    std::unique_ptr<Executor> exec;

    // The deterministic runtime: one thread at a time runs its goroutines and records its events.
    const bool one_thread;

    // context.Background(): one per runtime, as in Go, made and announced by the first call
    // (context.cpp). Never cancelled, it refers to nothing: holding it makes no cycle.
    std::mutex background_mu;
    std::shared_ptr<ContextNode> background;

    std::atomic<GoroutineId> next_goroutine{1};
    std::atomic<ObjectId> next_object{1};
    std::atomic<MessageId> next_message{1};

    // counter += delta, returning the value before. One thread at a time needs no atomic
    // read-modify-write, which costs more than its name: it waits until the thread's earlier
    // stores (a traced event's, to memory not yet cached) have reached the cache.
    template <class T>
    T add(std::atomic<T>& counter, T delta) noexcept {
        if (one_thread) {
            const T before = counter.load(std::memory_order_relaxed);
            counter.store(before + delta, std::memory_order_relaxed);
            return before;
        }
        return counter.fetch_add(delta, std::memory_order_acq_rel);
    }

    // Creates a goroutine and makes it runnable. Returns its id: the G itself may already be
    // running, or gone, on another thread by the time spawn() returns.
    GoroutineId spawn(Task<> task, std::string_view name, bool is_main);
    // The root frame of g returned (error: what escaped it; GoexitUnwind: goexit() ended it).
    // Destroys the frame and g.
    void on_exit(G* g, std::exception_ptr error) noexcept;

    // Ends the run (first call wins) and tells the executor to stop.
    void finish(RunStatus status, std::string message = {}, const G* culprit = nullptr);
    // A fatal error in g (null: the host), in Go's words ("sync: unlock of unlocked mutex"):
    // records it (a Deadlock event naming g), ends the run with RunStatus::Fatal unless it has
    // already ended, stops recording events but the run's end (Leak, RunEnd), and throws
    // FatalError to unwind g.
    [[noreturn]] void fatal(const G* g, const std::string& message);
    bool finished() const { return m_finished.load(std::memory_order_acquire); }
    // The executor found nothing runnable and no timer pending, or (parallel) nothing runnable
    // and no goroutine left: a deadlock, or every goroutine has returned.
    void on_quiescent();
    // Called by Runtime once the executor has stopped: reports the goroutines left (leaks or
    // a deadlock's parties) and emits Leak and RunEnd. Idempotent.
    void seal();
    RunResult result() const;

    // Goroutines spawned and not yet returned. In the parallel runtime, a sum over the shards
    // under their locks: for the host and the quiescence check, not for a hot path.
    std::size_t live() const;

    // Nothing refers to channel `chan` any more; g (null: a timer) released the last reference.
    // Recorded at once, except when g is main: see m_main_released.
    void channel_unreachable(const G* g, ObjectId chan, std::int64_t buffered) noexcept;
    // Records what main released since it last parked or yielded (main calls it as it does).
    void flush_main_released() noexcept {
        if (!m_main_released.empty()) record_main_released();
    }

    // Reports an event; a runtime without a tracer pays one predictable branch, inline. The
    // deterministic runtime writes a plain event into the records its tracer lends it (see
    // LentRecords), inline too; any other goes through record().
    void record_event(EventKind kind, const G* g, ObjectId object = 0, MessageId msg = 0,
                      std::int64_t arg = 0, std::int64_t aux = 0,
                      std::string_view text = {}) noexcept {
        if (!tracer) return;
        PackedEvent* const p = m_lent->next;
        const SiteId site = g ? g->site : 0;
        if (p != m_lent->end && text.empty() && PackedEvent::fits_plainly(msg, site, arg, aux) &&
            !m_silenced.load(std::memory_order_relaxed)) [[likely]] {
            PackedEvent::write(p, m_clock->load(std::memory_order_relaxed), g ? g->id : 0, object,
                               static_cast<std::uint32_t>(msg), static_cast<std::int32_t>(arg),
                               static_cast<std::int32_t>(aux), static_cast<std::uint16_t>(site),
                               kind, m_lent->stamp);
            m_lent->next = p + 1;
            return;
        }
        record(kind, g, object, msg, arg, aux, text);
    }
    // Reports that the current goroutine (or the host, before the run) made sync object `id`.
    void record_sync_make(SyncKind kind, ObjectId id, std::string_view name,
                          std::int64_t size = 0) noexcept;

  private:
    // Every goroutine has returned: the run completed, or, when main called goexit(), it ends
    // as Go's does, in a deadlock with no goroutines.
    void all_returned();
    void record(EventKind kind, const G* g, ObjectId object, MessageId msg, std::int64_t arg,
                std::int64_t aux, std::string_view text) noexcept;

    // Every live goroutine is on the list of one shard: the one of the thread that spawned it
    // (a goroutine usually ends on the thread it started on), so that spawning on several
    // threads touches no shared line. A shard's lock is held for a link or an unlink. The
    // parallel runtime counts live goroutines there too: a count shared by every spawn and
    // every exit was, once the executor's own count was gone, its first cost on skynet.
    static constexpr int kShards = 16;
    struct alignas(64) Shard {
        mutable SpinLock mu;
        G* head = nullptr;
        std::int64_t live = 0;  // goroutines on the list
    };
    void record_main_released() noexcept;
    void list_add(G* g);
    void list_remove(G* g);
    void destroy_all() noexcept;

    // The records the tracer lends the deterministic runtime, or m_no_lent (never any room);
    // the deterministic clock they are stamped with (null in the parallel runtime).
    LentRecords m_no_lent;
    LentRecords* m_lent = &m_no_lent;
    const std::atomic<std::int64_t>* m_clock = nullptr;

    std::array<Shard, kShards> m_shards;
    // Live goroutines in the deterministic runtime, which learns at the last exit that every
    // goroutine has returned. The parallel one learns it when its workers come to rest, from
    // the shards' counts.
    std::atomic<std::int64_t> m_live{0};
    std::atomic<bool> m_finished{false};
    std::atomic<bool> m_silenced{false};       // a fatal error ended the run: record() drops events
    std::atomic<bool> m_quiescent{false};      // on_quiescent() has reported
    std::atomic<bool> m_main_goexited{false};  // main ended in goexit(): the run goes on
    // Channels main made unreachable since it last parked or yielded, as (id, buffered): recorded
    // when it next does, dropped when it returns. As main returns its locals are destroyed, and
    // in Go the program ends there with its channels still in the last picture of the run.
    // Only main's thread of the moment touches it.
    std::vector<std::pair<ObjectId, std::int64_t>> m_main_released;
    mutable std::mutex m_result_mu;
    RunResult m_result;
    bool m_sealed = false;
};

// For its scope, the deterministic runtime's thread runs goroutines: its tracer may batch their
// events (Tracer::begin_batch()).
class TraceBatch {
  public:
    explicit TraceBatch(RuntimeCore& core) noexcept
        : m_tracer(core.one_thread ? core.tracer : nullptr) {
        if (m_tracer) m_tracer->begin_batch();
    }
    ~TraceBatch() {
        if (m_tracer) m_tracer->end_batch();
    }
    TraceBatch(const TraceBatch&) = delete;
    TraceBatch& operator=(const TraceBatch&) = delete;

  private:
    Tracer* m_tracer;
};

}  // namespace goro::detail
