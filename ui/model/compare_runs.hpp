// CompareRuns: two runs of one scenario side by side (A/B), with two settings of its knobs and
// one transport: the same seed, mode and speed for both, played, paused and restarted together.
//
// Deterministic mode, exactly in step: the comparison owns the virtual clock. Each tick, while
// playing, it moves a target time on by the wall time since the last tick times the speed, and
// lets both engines run to it (RunModel::advance_to); the target moves again only once both
// have reached it and their events are folded, so a slow run holds the other back and, between
// moves, both views show the state at the same virtual time.
// Parallel mode: each run gets half of the worker threads (threads_each()), and both play on
// their own scaled clocks, started and paused together. When either must hold its clock (its
// fold is far behind), the other holds too, and a clock ahead of the other by more than kMaxSkew
// waits, checked each tick: the clocks stay within kMaxSkew plus one tick of virtual time.
//
// GUI thread only (the runs' engines are on their own threads).
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <string>
#include <utility>

#include "model/run_model.hpp"

namespace gorama::ui {

class CompareRuns : public QObject {
    Q_OBJECT
  public:
    // How far apart the two parallel clocks may drift before the one ahead waits.
    static constexpr goro::Duration kMaxSkew{50'000'000};
    // A tick moves the deterministic clock on by at most this much wall time (a stalled frame
    // does not turn into a jump).
    static constexpr qint64 kMaxTickNs = 100'000'000;

    explicit CompareRuns(QObject* parent = nullptr);

    // Starts A and B paused. B takes A's seed, mode and speed: only the knobs differ.
    void start(RunSetup a, RunSetup b);
    void restart();  // both again, from the same seed
    bool has_runs() const { return m_a.has_run(); }

    void play();
    void pause();
    // Plays on to virtual time `t` and pauses there (deterministic: both runs exactly at `t`;
    // parallel: once both clocks have passed it), then emits paused_at(t). A lesson's step.
    void pause_at(goro::Time t) { m_pause_at = t; }
    bool playing() const { return m_playing; }
    void set_speed(double speed);
    double speed() const { return m_a.speed(); }
    goro::Mode mode() const { return m_a.setup().mode; }
    // Parallel: each run's worker threads (half the cores, at least one).
    static unsigned threads_each();
    // The runs' names, by the knobs in which they differ, in the scenario's order, as the
    // panel labels and --set write them: {"A: Workers 2", "B: Workers 6"}; at most three
    // knobs, then "…"; "A (same settings)" when none differ.
    static std::pair<std::string, std::string> labels(const Params& a, const Params& b);

    // One frame: moves the clock (see above) and folds what each engine has published.
    void tick(double budget_ms = 4.0);
    // Deterministic: the time both runs are run to; parallel: the earlier of the two clocks.
    goro::Time time() const;
    // How far apart the two engines' clocks are now.
    goro::Duration skew() const;
    // Both runs ended and every event is folded.
    bool ended() const { return m_a.ended() && m_b.ended(); }
    // Nothing moves without the user (the window then stops its frames).
    bool settled() const;

    RunModel& a() { return m_a; }
    RunModel& b() { return m_b; }
    const RunModel& a() const { return m_a; }
    const RunModel& b() const { return m_b; }

  Q_SIGNALS:
    void playing_changed(bool playing);
    void paused_at(goro::Time t);

  private:
    bool caught_up(const RunModel& m) const;  // reached the target, everything folded

    RunModel m_a;
    RunModel m_b;
    bool m_playing = false;
    goro::Time m_target{0};     // deterministic
    goro::Time m_pause_at{-1};  // pause_at(); -1: none
    QElapsedTimer m_wall;
    qint64 m_last_tick_ns = 0;
};

}  // namespace gorama::ui
