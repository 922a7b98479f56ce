#include "runtime_core.hpp"

#include <algorithm>
#include <new>

#include "deterministic_executor.hpp"
#include "goro/detail/frame_alloc.hpp"
#include "goro/detail/scheduling.hpp"
#include "goro/goexit.hpp"
#include "goro/panic.hpp"
#include "parallel_executor.hpp"

namespace goro::detail {
namespace {

// G records come from the frame cache too (spawn() allocates them there).
void destroy_g(G* g) noexcept {
    g->~G();
    frame_free(g, sizeof(G));
}

}  // namespace

RuntimeCore::RuntimeCore(Runtime& owner_, RuntimeOptions options_)
    : owner(owner_),
      options(options_),
      tracer(options_.tracer),
      one_thread(options_.mode == Mode::Deterministic) {
    if (options.mode == Mode::Deterministic) {
        auto deterministic = std::make_unique<DeterministicExecutor>(*this, options.seed);
        m_clock = &deterministic->clock_ns();
        exec = std::move(deterministic);
    } else {
        exec =
            std::make_unique<ParallelExecutor>(*this, options.threads, options.seed, options.speed);
    }
    if (tracer) {
        tracer->attach(options.mode == Mode::Deterministic ? Tracer::Writers::One
                                                           : Tracer::Writers::Many);
        if (LentRecords* lent = one_thread ? tracer->lend() : nullptr) m_lent = lent;
    }
}

RuntimeCore::~RuntimeCore() {
    m_finished.store(true);
    exec->shutdown();        // joins the worker threads: nothing runs from here on
    exec->timers().clear();  // releases what pending timers kept alive (contexts, tickers)
    destroy_all();           // frames may still disarm timers, so the executor outlives them
    exec.reset();
}

void RuntimeCore::destroy_all() noexcept {
    for (Shard& shard : m_shards) {
        for (;;) {
            G* g;
            {
                std::lock_guard lock(shard.mu);
                g = shard.head;
                if (!g) break;
                shard.head = g->reg_next;
                if (shard.head) shard.head->reg_prev = nullptr;
            }
            // The frame's destructors unlink any waiter it still has queued on a channel.
            g->root.destroy();
            destroy_g(g);
        }
    }
}

GoroutineId RuntimeCore::spawn(Task<> task, std::string_view name, bool is_main) {
    auto handle = task.release();
    if (!handle) throw std::invalid_argument("goro: go() needs a task");
    G* g = new (frame_alloc(sizeof(G))) G;
    g->root = handle;
    g->resume_point = handle;
    g->core = this;
    g->id = add(next_goroutine, GoroutineId{1});
    g->is_main = is_main;
    g->name = name;  // unnamed ones are named on demand (display_name): spawning stays cheap
    if (one_thread) add(m_live, std::int64_t{1});
    list_add(g);
    const G* creator = current_g();
    if (tracer)
        record_event(EventKind::GoCreate, g, creator ? creator->id : 0, 0, 0, 0, display_name(g));
    const GoroutineId id = g->id;
    exec->ready(g);  // publishes g: do not touch it after this
    return id;
}

void RuntimeCore::on_exit(G* g, std::exception_ptr error) noexcept {
    bool goexit = false;
    if (error) {
        std::string message;
        bool reported = false;
        try {
            std::rethrow_exception(error);
        } catch (const GoexitUnwind&) {
            goexit = true;
            reported = true;
        } catch (const FatalError&) {
            reported = true;  // by fatal(), which ended the run
        } catch (const Panic& p) {
            message = p.what();
        } catch (const std::exception& e) {
            message = e.what();
        } catch (...) {
            message = "unknown exception";
        }
        if (!reported) {
            record_event(EventKind::GoPanic, g, 0, 0, 0, 0, message);
            finish(RunStatus::Panicked, message, g);
        }
    }
    if (!error || goexit) record_event(EventKind::GoEnd, g, 0, 0, goexit ? 1 : 0, 0, {});
    list_remove(g);
    const bool was_main = g->is_main;
    g->root.destroy();
    if (was_main) m_main_released.clear();  // its locals and parameters: see m_main_released
    destroy_g(g);
    if (was_main && goexit) m_main_goexited.store(true, std::memory_order_release);
    if (was_main && !goexit) finish(RunStatus::Completed);
    // The parallel executor finds out that every goroutine has returned when its workers come
    // to rest (on_quiescent()).
    if (one_thread && add(m_live, std::int64_t{-1}) == 1) all_returned();
}

void RuntimeCore::all_returned() {
    if (m_main_goexited.load(std::memory_order_acquire)) {
        // Go's checkdead(): no goroutine left, and main did not return.
        static constexpr const char* kWords =
            "no goroutines (main called runtime.Goexit) - deadlock!";
        if (!finished()) record_event(EventKind::Deadlock, nullptr, 0, 0, 0, 0, kWords);
        finish(RunStatus::Deadlock, kWords);
    } else {
        finish(RunStatus::Completed);
    }
}

void RuntimeCore::finish(RunStatus status, std::string message, const G* culprit) {
    {
        std::lock_guard lock(m_result_mu);
        if (m_finished.load()) return;
        m_result.status = status;
        m_result.message = std::move(message);
        if (status == RunStatus::Fatal) m_silenced.store(true, std::memory_order_relaxed);
        if (culprit) {
            m_result.culprit = culprit->id;
            m_result.culprit_name = display_name(culprit);
        }
        m_finished.store(true, std::memory_order_release);
    }
    exec->wake_for_stop();
}

void RuntimeCore::fatal(const G* g, const std::string& message) {
    if (!finished()) {
        record_event(EventKind::Deadlock, g, 0, 0, 0, 0, message);
        finish(RunStatus::Fatal, message, g);
    }
    throw FatalError(message);
}

void RuntimeCore::on_quiescent() {
    // Two threads may find the world at rest at once (a worker that ran the last slice and the
    // timer thread that fired the last timer): only the first reports it.
    if (finished() || m_quiescent.exchange(true)) return;
    if (live() > 0) {
        static constexpr const char* kWords = "all goroutines are asleep - deadlock!";
        record_event(EventKind::Deadlock, nullptr, 0, 0, 0, 0, kWords);
        finish(RunStatus::Deadlock, kWords);
    } else {
        all_returned();
    }
}

void RuntimeCore::seal() {
    std::lock_guard lock(m_result_mu);
    if (m_sealed || !m_finished.load()) return;
    m_sealed = true;
    m_result.time = exec->now();
    std::vector<StuckGoroutine> stuck;
    for (Shard& shard : m_shards) {
        std::lock_guard shard_lock(shard.mu);
        for (G* g = shard.head; g; g = g->reg_next) {
            StuckGoroutine s;
            s.id = g->id;
            s.name = display_name(g);
            s.reason = g->reason;
            s.object = g->wait_object;
            s.site = g->site;
            s.object_name = describe_wait_object(g);
            stuck.push_back(std::move(s));
        }
    }
    std::sort(stuck.begin(), stuck.end(),
              [](const StuckGoroutine& a, const StuckGoroutine& b) { return a.id < b.id; });
    // Only a goroutine parked for good leaked. One that is runnable when main returns (it was
    // just woken, say by main's own receive) is cut short by the exit, as in Go; it stays in
    // `stuck` (alive at the end) with no reason.
    for (const StuckGoroutine& s : stuck) {
        if (tracer && s.reason != BlockReason::None) {
            Event e;
            e.kind = EventKind::Leak;
            e.time = exec->now().count();
            e.g = s.id;
            e.site = s.site;
            e.object = s.object;
            e.arg = static_cast<std::int64_t>(s.reason);
            tracer->record(e);
        }
    }
    m_result.stuck = std::move(stuck);
    if (tracer) {
        Event e;
        e.kind = EventKind::RunEnd;
        e.time = exec->now().count();
        e.arg = static_cast<std::int64_t>(m_result.status);
        if (!m_result.message.empty()) e.text = tracer->intern(m_result.message);
        tracer->record(e);
    }
}

RunResult RuntimeCore::result() const {
    std::lock_guard lock(m_result_mu);
    RunResult r = m_result;
    if (!m_sealed) {
        r.status = RunStatus::Paused;
        r.time = exec->now();
    }
    return r;
}

void RuntimeCore::record_sync_make(SyncKind kind, ObjectId id, std::string_view name,
                                   std::int64_t size) noexcept {
    record_event(EventKind::SyncMake, current_g(), id, 0, static_cast<std::int64_t>(kind), size,
                 name);
}

void RuntimeCore::record(EventKind kind, const G* g, ObjectId object, MessageId msg,
                         std::int64_t arg, std::int64_t aux, std::string_view text) noexcept {
    // After a fatal error Go's program is gone: a goroutine that caught the exception leaves no
    // trace. seal() records the run's end past this check.
    if (m_silenced.load(std::memory_order_relaxed)) return;
    Event e;
    e.kind = kind;
    e.time = exec->now().count();
    e.g = g ? g->id : 0;
    e.site = g ? g->site : 0;
    e.object = object;
    e.msg = msg;
    e.arg = arg;
    e.aux = aux;
    if (!text.empty()) e.text = tracer->intern(text);
    tracer->record(e);
}

void RuntimeCore::channel_unreachable(const G* g, ObjectId chan, std::int64_t buffered) noexcept {
    if (g && g->is_main) {
        try {
            m_main_released.emplace_back(chan, buffered);
            return;
        } catch (const std::bad_alloc&) {
            // Out of memory: say it now rather than never.
        }
    }
    record_event(EventKind::ChanUnreachable, g, chan, 0, buffered);
}

void RuntimeCore::record_main_released() noexcept {
    const G* main = current_g();
    for (const auto& [chan, buffered] : m_main_released)
        record_event(EventKind::ChanUnreachable, main, chan, 0, buffered);
    m_main_released.clear();
}

void RuntimeCore::list_add(G* g) {
    // Each thread's shard, chosen once per thread: threads in turn, across runtimes.
    static std::atomic<unsigned> next_home{0};
    thread_local const auto home =
        static_cast<std::uint8_t>(next_home.fetch_add(1, std::memory_order_relaxed) % kShards);
    g->shard = home;
    Shard& shard = m_shards[g->shard];
    std::unique_lock lock(shard.mu, std::defer_lock);
    if (!one_thread) lock.lock();  // else the one thread is the only one to touch the lists
    g->reg_prev = nullptr;
    g->reg_next = shard.head;
    if (shard.head) shard.head->reg_prev = g;
    shard.head = g;
    ++shard.live;
}

void RuntimeCore::list_remove(G* g) {
    Shard& shard = m_shards[g->shard];
    std::unique_lock lock(shard.mu, std::defer_lock);
    if (!one_thread) lock.lock();
    if (g->reg_prev) {
        g->reg_prev->reg_next = g->reg_next;
    } else {
        shard.head = g->reg_next;
    }
    if (g->reg_next) g->reg_next->reg_prev = g->reg_prev;
    --shard.live;
}

std::size_t RuntimeCore::live() const {
    if (one_thread) return static_cast<std::size_t>(m_live.load());
    std::int64_t n = 0;
    for (const Shard& shard : m_shards) {
        std::lock_guard lock(shard.mu);
        n += shard.live;
    }
    return static_cast<std::size_t>(n);
}

}  // namespace goro::detail
