#include "parallel_executor.hpp"

#include <algorithm>

#include "goro/detail/spin_lock.hpp"
#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro::detail {
namespace {

// The worker running on this thread, and the executor it belongs to (several runtimes may
// live in one process).
thread_local const void* t_exec = nullptr;
thread_local void* t_worker = nullptr;

constexpr int kSpinRounds = 64;
constexpr std::size_t kStealMax = 128;  // goroutines taken from a victim at once
constexpr std::size_t kLocalMax = 256;  // a worker's queue; beyond, half goes global (as Go's)
// Consecutive looks (spin rounds, about a microsecond apart) that must find a victim's queue
// non-empty before a thief takes from it: a whole spin's worth, so that a thief mostly takes
// from a queue at the end of its spin. See find_work().
constexpr int kLooksBeforeSteal = kSpinRounds;
constexpr std::chrono::milliseconds kTimerPoll{50};

}  // namespace

ParallelExecutor::ParallelExecutor(RuntimeCore& core, unsigned threads, std::uint64_t seed,
                                   double speed)
    : m_core(core), m_clock(speed), m_seed(seed), m_host_rng(seed ^ 0x5eedULL) {
    if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < threads; ++i) {
        auto w = std::make_unique<Worker>();
        w->index = i;
        w->rng = Xoshiro256(seed + 0x9e3779b97f4a7c15ULL * (i + 1));
        w->seen_queued.assign(threads, 0);
        m_workers.push_back(std::move(w));
    }
    // Held until the first run(); the clock starts frozen at 0 and starts then too.
    m_held.store(true);
}

ParallelExecutor::~ParallelExecutor() {
    shutdown();
}

std::uint64_t ParallelExecutor::random() noexcept {
    if (t_exec == this) return static_cast<Worker*>(t_worker)->rng.next();
    std::lock_guard lock(m_rng_mu);
    return m_host_rng.next();
}

void ParallelExecutor::ready(G* g) noexcept {
    if (t_exec == this) {
        Worker& w = *static_cast<Worker*>(t_worker);
        // Go's runqputslow: a full local queue gives its older half, and the goroutine g
        // displaces from runnext, to the global queue. Newly readied goroutines keep running
        // first on this core, so a tree of them is walked depth-first.
        G* overflow[kLocalMax / 2 + 1];
        std::size_t spilled = 0;
        {
            std::lock_guard lock(w.mu);
            if (G* displaced = std::exchange(w.runnext, g)) {
                if (w.q.size() >= kLocalMax) {
                    spilled = kLocalMax / 2;
                    std::copy_n(w.q.begin(), spilled, overflow);
                    w.q.erase(w.q.begin(), w.q.begin() + static_cast<long>(spilled));
                    overflow[spilled++] = displaced;
                } else {
                    w.q.push_back(displaced);
                }
            }
            recount(w);
        }
        if (spilled) {
            std::lock_guard lock(m_global_mu);
            m_global.insert(m_global.end(), overflow, overflow + spilled);
            m_global_size.store(m_global.size(), std::memory_order_relaxed);
        }
    } else {
        std::lock_guard lock(m_global_mu);
        m_global.push_back(g);
        m_global_size.store(m_global.size(), std::memory_order_relaxed);
    }
    if (m_sleeping.load() > 0 && m_spinning.load() == 0) wake_one();
}

void ParallelExecutor::yielded(G* g) noexcept {
    // As Go's Gosched: to the back of a queue, not to runnext, so the others run first.
    {
        std::lock_guard lock(m_global_mu);
        m_global.push_back(g);
        m_global_size.store(m_global.size(), std::memory_order_relaxed);
    }
    if (m_sleeping.load() > 0 && m_spinning.load() == 0) wake_one();
}

void ParallelExecutor::wake_one() {
    std::lock_guard lock(m_sleep_mu);
    m_sleep_cv.notify_one();
}

void ParallelExecutor::recount(Worker& w) {
    // Written only when it changes: each write takes the line from the thieves that read it.
    const std::size_t n = w.q.size();
    if (w.queued.load(std::memory_order_relaxed) != n) w.queued.store(n, std::memory_order_relaxed);
}

G* ParallelExecutor::steal_from(Worker& victim, Worker& thief, bool steal_runnext) {
    std::unique_lock victim_lock(victim.mu);
    if (!victim.q.empty()) {
        // Take the older half (at most kStealMax): the owner keeps the goroutines it readied
        // last.
        G* taken[kStealMax];
        const std::size_t n = std::min((victim.q.size() + 1) / 2, kStealMax);
        std::copy_n(victim.q.begin(), n, taken);
        victim.q.erase(victim.q.begin(), victim.q.begin() + static_cast<long>(n));
        recount(victim);
        victim_lock.unlock();
        if (n > 1) {
            std::lock_guard thief_lock(thief.mu);
            thief.q.insert(thief.q.end(), taken + 1, taken + n);
            recount(thief);
        }
        return taken[0];
    }
    if (steal_runnext && victim.runnext) {
        G* g = std::exchange(victim.runnext, nullptr);
        recount(victim);
        return g;
    }
    return nullptr;
}

G* ParallelExecutor::take_global(Worker* into) {
    if (m_global_size.load(std::memory_order_relaxed) == 0) return nullptr;  // no lock taken
    // Go's globrunqget: with a worker to fill, its share of the queue (at most half a local
    // queue); the first one runs.
    G* batch[kLocalMax / 2];
    std::size_t n = 0;
    {
        std::lock_guard lock(m_global_mu);
        if (m_global.empty()) return nullptr;
        n = into
                ? std::min({m_global.size(), m_global.size() / m_workers.size() + 1, kLocalMax / 2})
                : 1;
        std::copy_n(m_global.begin(), n, batch);
        m_global.erase(m_global.begin(), m_global.begin() + static_cast<long>(n));
        m_global_size.store(m_global.size(), std::memory_order_relaxed);
    }
    if (n > 1) {
        std::lock_guard lock(into->mu);
        into->q.insert(into->q.end(), batch + 1, batch + n);
        recount(*into);
    }
    return batch[0];
}

G* ParallelExecutor::find_work(Worker& w, bool steal_runnext) {
    if (++w.ticks % 61 == 0) {
        if (G* g = take_global(nullptr)) return g;
    }
    {
        std::lock_guard lock(w.mu);
        if (w.runnext && (w.runnext_streak < 32 || w.q.empty())) {
            ++w.runnext_streak;
            G* g = std::exchange(w.runnext, nullptr);
            recount(w);
            return g;
        }
        w.runnext_streak = 0;
        if (w.runnext) w.q.push_back(std::exchange(w.runnext, nullptr));
        if (!w.q.empty()) {
            G* g = w.q.front();
            w.q.pop_front();
            recount(w);
            return g;
        }
    }
    if (G* g = take_global(&w)) return g;
    const std::size_t n = m_workers.size();
    const std::size_t start = w.rng.next() % n;
    for (std::size_t i = 0; i < n; ++i) {
        Worker& victim = *m_workers[(start + i) % n];
        if (&victim == &w) continue;
        // A victim's queue is taken from only once kLooksBeforeSteal looks in a row (spin rounds
        // of about a microsecond) found it non-empty. A goroutine readied by a busy worker then
        // runs a few microseconds later but does more when it runs: a producer woken by a
        // consumer that keeps draining finds many free slots instead of one, and does not move
        // to the other core for each item (select4: a tenth to a third of the steals, and about
        // half the time in its slow runs). The longer the wait, the less the channels' lines
        // travel: whole runs of the parallel benchmarks, taking turns, with 4, 16, 32 and 64
        // looks gave select4 130-149, 113-123, 110-116 and 97-101 ns an item, producer-consumer
        // 65-74, 64-72, 58-63 and 52-55 ns, and skynet no slower.
        // CPU-bound goroutines still spread over the cores, within a spin (some tens of
        // microseconds).
        // No lock is taken on a worker with nothing queued. Its runnext is not counted (a
        // goroutine readied a moment ago, about to run on its owner's core): it is looked at
        // only when asked, at the end of a spin.
        std::uint8_t& seen = w.seen_queued[victim.index];
        if (!steal_runnext) {
            if (victim.queued.load(std::memory_order_relaxed) == 0) {
                seen = 0;
                continue;
            }
            if (seen < kLooksBeforeSteal) {
                ++seen;
                continue;
            }
        }
        seen = 0;
        if (G* g = steal_from(victim, w, steal_runnext)) return g;
    }
    return nullptr;
}

bool ParallelExecutor::any_work() {
    {
        std::lock_guard lock(m_global_mu);
        if (!m_global.empty()) return true;
    }
    for (auto& w : m_workers) {
        std::lock_guard lock(w->mu);
        if (w->runnext || !w->q.empty()) return true;
    }
    return false;
}

bool ParallelExecutor::at_rest_locked() {
    if (m_stop.load() || m_resting != static_cast<int>(m_workers.size()) || any_work())
        return false;
    {
        std::lock_guard lock(m_timers.mutex());
        if (m_timers.idle_locked()) return true;
    }
    // Timers are pending, but every goroutine has returned: the run is over all the same.
    return m_core.live() == 0;
}

bool ParallelExecutor::come_to_rest_locked() {
    ++m_resting;
    return at_rest_locked();
}

void ParallelExecutor::sleep_until_work() {
    std::unique_lock lock(m_sleep_mu);
    // The last worker to come to rest finds out whether the world is at rest. The others run no
    // goroutine; one readied since is in a queue.
    if (come_to_rest_locked()) {
        --m_resting;
        lock.unlock();
        // on_quiescent() stops the run, which takes m_sleep_mu to wake the sleepers.
        m_core.on_quiescent();
        return;
    }
    m_sleeping.fetch_add(1);
    // Re-check under m_sleep_mu after announcing: a ready() that missed the announcement has
    // already made its goroutine visible here.
    while (!m_stop.load() && !any_work()) {
        m_sleep_cv.wait(lock);
        if (m_user_paused.load() || m_held.load()) break;
    }
    m_sleeping.fetch_sub(1);
    --m_resting;
}

void ParallelExecutor::wait_while_held() {
    // A worker held between slices rests too: a run held at every step (short run() calls, a
    // paused window) still finds out that nothing can run again.
    bool at_rest = false;
    {
        std::lock_guard lock(m_sleep_mu);
        at_rest = come_to_rest_locked();
    }
    if (at_rest) m_core.on_quiescent();
    {
        std::unique_lock lock(m_hold_mu);
        m_hold_cv.wait(lock,
                       [&] { return m_stop.load() || (!m_user_paused.load() && !m_held.load()); });
    }
    std::lock_guard lock(m_sleep_mu);
    --m_resting;
}

void ParallelExecutor::worker_loop(Worker& w) {
    t_exec = this;
    t_worker = &w;
    while (!m_stop.load(std::memory_order_relaxed)) {
        if (m_user_paused.load(std::memory_order_relaxed) ||
            m_held.load(std::memory_order_relaxed)) {
            wait_while_held();
            continue;
        }
        G* g = find_work(w, false);
        if (!g) {
            m_spinning.fetch_add(1);
            for (int round = 0; round < kSpinRounds && !g && !m_stop.load(); ++round) {
                for (int i = 0; i < 32; ++i)
                    cpu_relax();
                g = find_work(w, round == kSpinRounds - 1);
            }
            m_spinning.fetch_sub(1);
            if (!g) {
                sleep_until_work();
                continue;
            }
            // A spinner that found work wakes another to take its place (Go's wakep()).
            if (m_sleeping.load() > 0 && m_spinning.load() == 0 && any_work()) wake_one();
        }
        run_slice(g);
    }
    t_exec = nullptr;
    t_worker = nullptr;
}

void ParallelExecutor::check_quiescent() {
    std::unique_lock lock(m_sleep_mu);
    if (!at_rest_locked()) return;
    lock.unlock();
    m_core.on_quiescent();
}

void ParallelExecutor::timer_loop() {
    std::unique_lock lock(m_timer_mu);
    while (!m_stop.load()) {
        if (m_user_paused.load() || m_held.load()) {
            m_timer_sleeps_until.store(0);
            m_timer_cv.wait_for(lock, kTimerPoll);
            continue;
        }
        const Time current = now();
        const Time due = m_timers.next_due();
        if (due <= current) {
            lock.unlock();
            m_timers.fire_due(current, m_core);
            check_quiescent();
            lock.lock();
            continue;
        }
        auto wait = kTimerPoll;
        if (due != Time::max()) {
            const auto wall = m_clock.wall_for(due - current);
            if (wall < wait) wait = std::chrono::duration_cast<std::chrono::milliseconds>(wall);
            m_timer_sleeps_until.store(due.count());
            if (wall < std::chrono::milliseconds(1)) {
                // Sub-millisecond waits: wait_for with a zero duration would spin; sleep finely.
                lock.unlock();
                std::this_thread::sleep_for(wall);
                lock.lock();
                continue;
            }
        } else {
            m_timer_sleeps_until.store(Time::max().count());
        }
        m_timer_cv.wait_for(lock, wait);
    }
}

void ParallelExecutor::timers_changed() {
    if (!m_started) return;
    // Only a timer earlier than the one the timer thread sleeps towards needs to wake it. The
    // timer thread holds m_timer_mu from reading the queue until it waits, so checking under
    // the same lock cannot miss its decision.
    std::lock_guard lock(m_timer_mu);
    if (m_timers.next_due().count() >= m_timer_sleeps_until.load()) return;
    m_timer_sleeps_until.store(0);
    m_timer_cv.notify_one();
}

void ParallelExecutor::start_threads() {
    if (m_started) return;
    m_started = true;
    for (auto& w : m_workers) {
        Worker* worker = w.get();
        w->thread = std::thread([this, worker] { worker_loop(*worker); });
    }
    m_timer_thread = std::thread([this] { timer_loop(); });
}

void ParallelExecutor::set_hold(bool hold) {
    {
        std::lock_guard lock(m_hold_mu);
        m_held.store(hold);
        m_clock.freeze(hold || m_user_paused.load());
    }
    m_hold_cv.notify_all();
    std::lock_guard lock(m_sleep_mu);
    m_sleep_cv.notify_all();
}

RunStatus ParallelExecutor::run(Time until) {
    if (m_core.finished()) return RunStatus::Completed;
    set_hold(false);
    start_threads();  // with nothing to do, the last worker to come to rest ends the run
    std::unique_lock lock(m_run_mu);
    while (!m_core.finished()) {
        if (until != Time::max()) {
            const Time current = now();
            if (current >= until) {
                set_hold(true);
                return RunStatus::Paused;
            }
            m_run_cv.wait_for(lock, std::min<std::chrono::nanoseconds>(
                                        m_clock.wall_for(until - current), kTimerPoll));
        } else {
            m_run_cv.wait_for(lock, kTimerPoll);
        }
    }
    lock.unlock();
    // The run is over: wait until no worker touches a goroutine any more, so that the caller
    // (the result's report, the destructor) sees a world at rest.
    shutdown();
    return RunStatus::Completed;
}

bool ParallelExecutor::step() {
    // One step of a parallel run is one slice of run time: the workers run briefly.
    run(now() + std::chrono::milliseconds(1));
    return !m_core.finished();
}

void ParallelExecutor::pause() {
    {
        std::lock_guard lock(m_hold_mu);
        m_user_paused.store(true);
        m_clock.freeze(true);
    }
    m_hold_cv.notify_all();
}

void ParallelExecutor::resume() {
    {
        std::lock_guard lock(m_hold_mu);
        m_user_paused.store(false);
        m_clock.freeze(m_held.load());
    }
    m_hold_cv.notify_all();
    std::lock_guard lock(m_sleep_mu);
    m_sleep_cv.notify_all();
}

void ParallelExecutor::set_speed(double speed) {
    m_clock.set_speed(speed);
    std::lock_guard lock(m_timer_mu);
    m_timer_sleeps_until.store(0);
    m_timer_cv.notify_one();
}

void ParallelExecutor::wake_for_stop() {
    m_stop.store(true);
    { std::lock_guard lock(m_hold_mu); }
    m_hold_cv.notify_all();
    { std::lock_guard lock(m_sleep_mu); }
    m_sleep_cv.notify_all();
    { std::lock_guard lock(m_timer_mu); }
    m_timer_cv.notify_all();
    { std::lock_guard lock(m_run_mu); }
    m_run_cv.notify_all();
}

void ParallelExecutor::shutdown() {
    wake_for_stop();
    for (auto& w : m_workers) {
        if (w->thread.joinable()) w->thread.join();
    }
    if (m_timer_thread.joinable()) m_timer_thread.join();
}

}  // namespace goro::detail
