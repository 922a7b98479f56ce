#include "deterministic_executor.hpp"

#include <algorithm>
#include <utility>

#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro::detail {

DeterministicExecutor::DeterministicExecutor(RuntimeCore& core, std::uint64_t seed)
    : m_core(core), m_rng(seed) {
}

void DeterministicExecutor::ready(G* g) noexcept {
    if (!m_in_slice) {
        put_global(g);
        return;
    }
    G* displaced = m_runnext;
    m_runnext = g;
    if (displaced) put_local(displaced);
}

void DeterministicExecutor::yielded(G* g) noexcept {
    put_global(g);  // as Go's Gosched: behind everything already queued
}

void DeterministicExecutor::put_local(G* g) {
    if (m_local_len < kLocalSize) {
        m_local[(m_local_head + m_local_len) % kLocalSize] = g;
        ++m_local_len;
        return;
    }
    // Go's runqputslow: the older half of the local queue, then g, to the global queue.
    for (std::uint32_t i = 0; i < kLocalSize / 2; ++i)
        put_global(pop_local());
    put_global(g);
}

G* DeterministicExecutor::pop_local() {
    G* g = m_local[m_local_head];
    m_local_head = (m_local_head + 1) % kLocalSize;
    --m_local_len;
    return g;
}

void DeterministicExecutor::put_global(G* g) {
    m_global.push_back(g);
}

G* DeterministicExecutor::pop_global() {
    G* g = m_global.front();
    m_global.pop_front();
    return g;
}

G* DeterministicExecutor::pick() {
    if (m_schedtick % kGlobalEvery == 0 && !m_global.empty()) {
        ++m_schedtick;
        m_runnext_streak = 0;
        return pop_global();
    }
    if (m_runnext) {
        if (m_runnext_streak < kRunnextStreak) {
            ++m_runnext_streak;
            return std::exchange(m_runnext, nullptr);
        }
        put_local(std::exchange(m_runnext, nullptr));  // its inherited slice is over
    }
    m_runnext_streak = 0;
    if (m_local_len) {
        ++m_schedtick;
        G* g = pop_local();
        // The next one is likely to run after this slice: its G, cold, comes in meanwhile.
        if (m_local_len) __builtin_prefetch(m_local[m_local_head]);
        return g;
    }
    if (m_global.empty()) return nullptr;
    // Go's globrunqget with GOMAXPROCS=1: up to half a local queue; the first one runs.
    ++m_schedtick;
    const auto n =
        static_cast<std::uint32_t>(std::min<std::size_t>(m_global.size(), kLocalSize / 2));
    G* g = pop_global();
    for (std::uint32_t i = 1; i < n; ++i)
        put_local(pop_global());
    return g;
}

void DeterministicExecutor::fire_due() {
    // Every timer due at the earliest instant fires, in arming order, before anything runs.
    const Time due = m_timers.next_due();
    m_now.store(due.count(), std::memory_order_relaxed);
    m_timers.fire_due(due, m_core);  // each at its `when`: `due`, as the clock never goes back
}

bool DeterministicExecutor::advance(Time until) {
    if (G* g = pick()) {
        m_in_slice = true;
        run_slice(g);
        m_in_slice = false;
        return true;
    }
    const Time due = m_timers.next_due();
    if (due == Time::max()) return false;
    if (due > until) {
        m_now.store(until.count(), std::memory_order_relaxed);
        return false;
    }
    fire_due();
    return true;
}

RunStatus DeterministicExecutor::run(Time until) {
    while (!m_core.finished()) {
        // A plain load first: an exchange each slice was a locked instruction each slice.
        if (m_pause.load(std::memory_order_relaxed) && m_pause.exchange(false))
            return RunStatus::Paused;
        if (!advance(until)) {
            if (!runnable() && m_timers.empty()) m_core.on_quiescent();
            if (!m_core.finished()) return RunStatus::Paused;
        }
    }
    return RunStatus::Completed;
}

bool DeterministicExecutor::step() {
    if (m_core.finished()) return false;
    if (!advance(Time::max())) m_core.on_quiescent();
    return !m_core.finished();
}

}  // namespace goro::detail
