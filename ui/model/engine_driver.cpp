#include "model/engine_driver.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::ui {
namespace {

using Clock = std::chrono::steady_clock;

// How often the paced engine thread advances the virtual clock, and the most wall time one
// slice may cover (after a stall, the clock does not race to catch up).
constexpr auto kSlice = std::chrono::milliseconds(4);
constexpr auto kMaxSlice = std::chrono::milliseconds(50);

// The engine's threads give way to the window's when the machine is busy (a lecture laptop with
// other programs, or a run with more goroutines than cores): a lower priority (kEngineNice) for
// the engine thread, which the parallel runtime's workers and timer thread inherit as it starts
// them. On an idle machine nothing changes; under load the picture keeps its frames and the
// engine, which never waits for the window, runs slower. Lowering a thread's own priority needs
// no privilege; where it fails, the thread keeps the window's.
void give_way_to_the_window() {
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    const int now = ::getpriority(PRIO_PROCESS, tid);
    (void)::setpriority(PRIO_PROCESS, tid, std::max(now, kEngineNice));
}

}  // namespace

EngineDriver::EngineDriver(const Scenario& scenario, std::shared_ptr<const Params> params,
                           const DriverOptions& options, goro::Tracer& tracer)
    : m_options(options) {
    goro::RuntimeOptions o;
    o.mode = options.mode;
    o.seed = options.seed;
    o.threads = options.threads;
    o.speed = options.speed;
    o.tracer = &tracer;
    m_runtime = std::make_unique<goro::Runtime>(o);
    scenario.start(*m_runtime, std::move(params));
    if (options.mode == goro::Mode::Deterministic) {
        m_thread = std::thread([this] { run_deterministic(); });
    } else {
        m_thread = std::thread([this] { run_parallel(); });
    }
}

EngineDriver::~EngineDriver() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_runtime->stop();  // ends run() and run_until() on the engine thread
    if (m_options.mode == goro::Mode::Parallel) m_runtime->resume();
    m_wake.notify_all();
    m_thread.join();
}

bool EngineDriver::clock_should_run() const {
    return m_playing && !m_held;
}

void EngineDriver::play() {
    {
        std::lock_guard lock(m_mutex);
        m_playing = true;
        if (m_options.mode == goro::Mode::Parallel && m_started && !m_held) m_runtime->resume();
    }
    m_wake.notify_all();
}

void EngineDriver::pause() {
    std::lock_guard lock(m_mutex);
    m_playing = false;
    m_runtime->pause();
}

bool EngineDriver::playing() const {
    std::lock_guard lock(m_mutex);
    return m_playing;
}

bool EngineDriver::step() {
    {
        std::lock_guard lock(m_mutex);
        if (m_options.mode != goro::Mode::Deterministic || m_playing || finished()) return false;
        ++m_steps;
    }
    m_wake.notify_all();
    return true;
}

bool EngineDriver::fast_forward(goro::Time t) {
    {
        std::lock_guard lock(m_mutex);
        if (m_options.mode != goro::Mode::Deterministic) return false;
        m_playing = false;
        m_forward_to = t;
    }
    m_runtime->pause();  // a paced slice in progress returns; the thread then jumps to t
    m_wake.notify_all();
    return true;
}

void EngineDriver::set_speed(double speed) {
    std::lock_guard lock(m_mutex);
    m_options.speed = speed;
    m_runtime->set_speed(speed);
}

double EngineDriver::speed() const {
    std::lock_guard lock(m_mutex);
    return m_options.speed;
}

void EngineDriver::hold(bool on) {
    {
        std::lock_guard lock(m_mutex);
        if (m_held == on) return;
        m_held = on;
        if (m_options.mode == goro::Mode::Parallel && m_started && m_playing) {
            if (on) {
                m_runtime->pause();
            } else {
                m_runtime->resume();
            }
        } else if (on) {
            m_runtime->pause();
        }
    }
    m_wake.notify_all();
}

bool EngineDriver::held() const {
    std::lock_guard lock(m_mutex);
    return m_held;
}

goro::Time EngineDriver::now() const {
    return m_runtime->now();
}

bool EngineDriver::finished() const {
    return m_runtime->finished();
}

goro::RunResult EngineDriver::result() const {
    return m_runtime->result();
}

bool EngineDriver::busy() const {
    std::lock_guard lock(m_mutex);
    return m_working || m_steps > 0 || m_forward_to.count() >= 0;
}

void EngineDriver::run_deterministic() {
    give_way_to_the_window();
    auto last = Clock::now();
    std::unique_lock lock(m_mutex);
    while (!m_quit) {
        if (m_runtime->finished()) {
            m_playing = false;
            m_steps = 0;
            m_forward_to = goro::Time(-1);
            m_wake.wait(lock, [&] { return m_quit; });
            break;
        }
        if (m_forward_to.count() >= 0) {
            const goro::Time target = m_forward_to;
            m_working = true;
            m_runtime->resume();  // clears the pause() fast_forward() made; under the lock, so a
            lock.unlock();        // later pause() is never lost
            m_runtime->run_until(target);
            lock.lock();
            m_working = false;
            if (m_forward_to == target) m_forward_to = goro::Time(-1);
            last = Clock::now();
            continue;
        }
        if (m_steps > 0) {
            --m_steps;
            m_working = true;
            lock.unlock();
            m_runtime->step();
            lock.lock();
            m_working = false;
            continue;
        }
        if (!clock_should_run()) {
            m_wake.wait(lock, [&] {
                return m_quit || clock_should_run() || m_steps > 0 || m_forward_to.count() >= 0;
            });
            last = Clock::now();
            continue;
        }
        // Paced: advance the virtual clock by the wall time since the last slice, times speed.
        const auto wall = Clock::now();
        const auto elapsed = std::min<Clock::duration>(wall - last, kMaxSlice);
        last = wall;
        const auto advance =
            std::chrono::duration_cast<goro::Duration>(std::chrono::duration<double, std::nano>(
                static_cast<double>(
                    std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()) *
                m_options.speed));
        m_working = true;
        m_runtime->resume();  // under the lock: a pause() from now on ends the slice
        lock.unlock();
        m_runtime->run_until(m_runtime->now() + advance);
        lock.lock();
        m_working = false;
        m_wake.wait_for(lock, kSlice, [&] {
            return m_quit || !clock_should_run() || m_steps > 0 || m_forward_to.count() >= 0;
        });
    }
}

void EngineDriver::run_parallel() {
    give_way_to_the_window();  // before run() starts the workers: they inherit it
    {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] { return m_quit || m_playing; });
        if (m_quit) return;
        m_started = true;
        if (m_held) {
            m_runtime->pause();
        } else {
            m_runtime->resume();  // a pause() made before the first play() must not stick
        }
    }
    m_runtime->run();
    std::lock_guard lock(m_mutex);
    m_playing = false;
}

}  // namespace gorama::ui
