#include "compare_runs.hpp"

#include <algorithm>
#include <thread>

#include "scenarios/params.hpp"

namespace gorama::ui {

CompareRuns::CompareRuns(QObject* parent) : QObject(parent) {
    m_wall.start();
    m_a.set_threads(threads_each());
    m_b.set_threads(threads_each());
}

unsigned CompareRuns::threads_each() {
    return std::max(1u, std::thread::hardware_concurrency() / 2);
}

std::pair<std::string, std::string> CompareRuns::labels(const Params& a, const Params& b) {
    constexpr int kMostKnobs = 3;
    std::string la = "A:";
    std::string lb = "B:";
    int shown = 0;
    for (const ParamSpec& spec : a.specs()) {
        if (a.get(spec.name) == b.get(spec.name)) continue;
        if (shown == kMostKnobs) {
            la += " \u2026";
            lb += " \u2026";
            break;
        }
        const char* sep = shown++ == 0 ? " " : ", ";
        la += sep + spec.label + " " + format_value(spec, a.get(spec.name));
        lb += sep + spec.label + " " + format_value(spec, b.get(spec.name));
    }
    if (shown == 0) return {"A (same settings)", "B (same settings)"};
    return {la, lb};
}

void CompareRuns::start(RunSetup a, RunSetup b) {
    pause();
    b.seed = a.seed;
    b.mode = a.mode;
    b.speed = a.speed;
    b.scenario = a.scenario;
    m_target = goro::Time(0);
    m_pause_at = goro::Time(-1);
    m_a.set_clock_hold(false);
    m_b.set_clock_hold(false);
    m_a.start(std::move(a));
    m_b.start(std::move(b));
}

void CompareRuns::restart() {
    if (!has_runs()) return;
    RunSetup a = m_a.setup();
    RunSetup b = m_b.setup();
    a.params = a.params->copy();
    b.params = b.params->copy();
    start(std::move(a), std::move(b));
}

void CompareRuns::play() {
    if (!has_runs() || ended() || m_playing) return;
    m_playing = true;
    m_target = time();
    m_last_tick_ns = m_wall.nsecsElapsed();
    if (mode() == goro::Mode::Parallel) {
        m_a.play();
        m_b.play();
    }
    Q_EMIT playing_changed(true);
}

void CompareRuns::pause() {
    if (!m_playing) return;
    m_playing = false;
    if (mode() == goro::Mode::Parallel) {
        m_a.pause();
        m_b.pause();
    }
    Q_EMIT playing_changed(false);
}

void CompareRuns::set_speed(double speed) {
    m_a.set_speed(speed);
    m_b.set_speed(speed);
}

bool CompareRuns::caught_up(const RunModel& m) const {
    if (m.ended()) return true;
    return !m.engine_busy() && m.engine_time() >= m_target && m.head() == m.recorder().published();
}

void CompareRuns::tick(double budget_ms) {
    if (!has_runs()) return;
    const qint64 now = m_wall.nsecsElapsed();
    const qint64 wall = std::min(now - m_last_tick_ns, kMaxTickNs);
    m_last_tick_ns = now;
    if (mode() == goro::Mode::Deterministic) {
        if (m_playing && caught_up(m_a) && caught_up(m_b)) {
            const auto step =
                goro::Duration(static_cast<std::int64_t>(static_cast<double>(wall) * m_a.speed()));
            m_target += std::max(step, goro::Duration(1));
            if (m_pause_at.count() >= 0) m_target = std::min(m_target, m_pause_at);
            if (!m_a.ended()) m_a.advance_to(m_target);
            if (!m_b.ended()) m_b.advance_to(m_target);
        }
    } else if (m_playing) {
        // Whichever is ahead by more than kMaxSkew waits for the other, and a run whose fold
        // holds its clock holds the other's too.
        const goro::Time ta = m_a.engine_time();
        const goro::Time tb = m_b.engine_time();
        m_a.set_clock_hold(!m_b.ended() && (ta - tb > kMaxSkew || m_b.lag_held()));
        m_b.set_clock_hold(!m_a.ended() && (tb - ta > kMaxSkew || m_a.lag_held()));
    }
    m_a.tick(budget_ms);
    m_b.tick(budget_ms);
    const bool at_pause =
        m_pause_at.count() >= 0 && (mode() == goro::Mode::Deterministic
                                        ? m_target == m_pause_at && caught_up(m_a) && caught_up(m_b)
                                        : (m_a.ended() || m_a.engine_time() >= m_pause_at) &&
                                              (m_b.ended() || m_b.engine_time() >= m_pause_at));
    if (m_playing && at_pause) {
        const goro::Time t = m_pause_at;
        m_pause_at = goro::Time(-1);
        pause();
        Q_EMIT paused_at(t);
        return;
    }
    if (m_playing && ended()) {
        m_playing = false;
        Q_EMIT playing_changed(false);
    }
}

goro::Time CompareRuns::time() const {
    const goro::Time both = std::min(m_a.engine_time(), m_b.engine_time());
    // Deterministic: the target, or where both were moved to directly (fast_forward).
    return mode() == goro::Mode::Deterministic ? std::max(m_target, both) : both;
}

goro::Duration CompareRuns::skew() const {
    const goro::Time ta = m_a.engine_time();
    const goro::Time tb = m_b.engine_time();
    return ta > tb ? ta - tb : tb - ta;
}

bool CompareRuns::settled() const {
    return !m_playing && m_a.settled() && m_b.settled();
}

}  // namespace gorama::ui
