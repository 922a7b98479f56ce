#include "deterministic_executor.hpp"

#include "goroutine.hpp"
#include "runtime_core.hpp"

namespace goro::detail {

DeterministicExecutor::DeterministicExecutor(RuntimeCore& core, std::uint64_t seed)
    : m_core(core), m_rng(seed) {
}

void DeterministicExecutor::ready(G* g) noexcept {
    g->run_next = nullptr;
    if (m_tail) {
        m_tail->run_next = g;
    } else {
        m_head = g;
    }
    m_tail = g;
}

void DeterministicExecutor::fire_due() {
    // Every timer due at the earliest instant fires, in arming order, before anything runs.
    const Time due = m_timers.next_due();
    m_now.store(due.count(), std::memory_order_relaxed);
    m_timers.fire_due(due, m_core);  // each at its `when`: `due`, as the clock never goes back
}

bool DeterministicExecutor::advance(Time until) {
    if (G* g = m_head) {
        m_head = g->run_next;
        if (!m_head) m_tail = nullptr;
        g->run_next = nullptr;
        run_slice(g);
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
        if (m_pause.exchange(false)) return RunStatus::Paused;
        if (!advance(until)) {
            if (!m_head && m_timers.empty()) m_core.on_quiescent();
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
