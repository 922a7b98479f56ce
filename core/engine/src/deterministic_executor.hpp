// DeterministicExecutor: one thread, FIFO ready queue, virtual clock, seeded random source.
#pragma once

#include <atomic>
#include <cstdint>

#include "executor.hpp"
#include "xoshiro.hpp"

namespace goro::detail {

class RuntimeCore;

class DeterministicExecutor final : public Executor {
  public:
    DeterministicExecutor(RuntimeCore& core, std::uint64_t seed);

    void ready(G* g) noexcept override;
    Time now() const noexcept override { return Time(m_now.load(std::memory_order_relaxed)); }
    std::uint64_t random() noexcept override { return m_rng.next(); }
    RunStatus run(Time until) override;
    bool step() override;
    void pause() override { m_pause.store(true); }
    void resume() override { m_pause.store(false); }
    bool paused() const override { return m_pause.load(); }
    void wake_for_stop() override {}
    void shutdown() override {}
    void timers_changed() override {}
    void set_speed(double) override {}
    double speed() const override { return 1.0; }

  private:
    // One unit of progress: run one goroutine slice, or fire the timers due next. Returns false
    // when there is nothing to do (quiescent) or the clock would pass `until`.
    bool advance(Time until);
    void fire_due();

    RuntimeCore& m_core;
    G* m_head = nullptr;  // FIFO ready queue through G::run_next
    G* m_tail = nullptr;
    std::atomic<std::int64_t> m_now{0};  // atomic only so that other threads may read now()
    std::atomic<bool> m_pause{false};
    Xoshiro256 m_rng;
};

}  // namespace goro::detail
